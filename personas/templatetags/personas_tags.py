from django import template

from personas.models import Persona

register = template.Library()


@register.simple_tag
def attachable_personas(map, user):
    """The user's personas not yet on this map, for the bar's "Attach" menu."""
    attached = [p.pk for p in map.personas]
    return list(Persona.objects.filter(owner=user).exclude(pk__in=attached).only("pk", "name"))
