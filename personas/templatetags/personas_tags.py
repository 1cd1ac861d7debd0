from django import template

from personas.models import Persona

register = template.Library()


@register.simple_tag
def attachable_personas(map):
    """The personas of the map's workspace not yet on it, for the bar's "Attach" menu."""
    attached = [p.pk for p in map.personas]
    personas = Persona.objects.filter(workspace=map.journey.workspace_id).exclude(pk__in=attached)
    return list(personas.only("pk", "name"))
