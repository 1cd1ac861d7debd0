"""Inline forms of the map editor: stages, lanes and cards.

Edit forms carry the object's version (hidden) so a save against an old version is refused;
add forms have no version to check.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Card, Journey, Lane, Stage
from .versioning import VersionedForm

PHASE_CHOICES = [("", _("No phase")), *Stage.Phase.choices]


class StageForm(VersionedForm):
    phase = forms.ChoiceField(choices=PHASE_CHOICES, required=False)

    class Meta:
        model = Stage
        fields = ["name", "description", "phase"]
        labels = {"name": _("Name"), "description": _("Description"), "phase": _("Phase")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": _("Give the stage a name.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The format allows any phase text; keep an imported one selectable.
        current = self.instance.phase
        if current and current not in dict(PHASE_CHOICES):
            self.fields["phase"].choices = [*PHASE_CHOICES, (current, current)]


class LaneForm(VersionedForm):
    class Meta:
        model = Lane
        fields = ["title", "kind"]
        labels = {"title": _("Title"), "kind": _("Kind")}
        error_messages = {
            "title": {"required": _("Give the lane a title.")},
            "kind": {"invalid_choice": _("Choose one of the lane kinds.")},
        }


class CardForm(VersionedForm):
    class Meta:
        model = Card
        fields = ["text", "persona"]
        labels = {"text": _("Text"), "persona": _("Persona")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "text": {"required": _("Write something on the card.")},
            "persona": {"invalid_choice": _("Choose one of this map's personas.")},
        }

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        persona = self.fields["persona"]
        persona.queryset = journey.personas.order_by("journey_links__position")
        persona.empty_label = _("Everyone")
        persona.required = False


class JourneyForm(VersionedForm):
    class Meta:
        model = Journey
        fields = ["title", "description", "kind", "locale"]
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "kind": _("Kind"),
            "locale": _("Language (e.g. ko, en)"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": _("Give the map a title.")}}
