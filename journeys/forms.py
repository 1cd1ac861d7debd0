"""Inline forms of the map editor: stages, lanes and cards.

Edit forms carry the object's version (hidden) so a save against an old version is refused;
add forms have no version to check.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Card, Confidence, Evidence, Journey, Lane, Stage
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


# The blank choice is "not said": the item counts as observed once evidence backs it.
CONFIDENCE_CHOICES = [("", _("Not said")), *Confidence.choices]


def map_personas(field, journey, empty_label):
    """A persona field offering the map's personas, in the map's order, or none."""
    field.queryset = journey.personas.order_by("journey_links__position")
    field.empty_label = empty_label
    field.required = False


class CardForm(VersionedForm):
    confidence = forms.ChoiceField(
        label=_("Observed or assumed"), choices=CONFIDENCE_CHOICES, required=False
    )

    class Meta:
        model = Card
        fields = ["text", "persona", "confidence"]
        labels = {"text": _("Text"), "persona": _("Persona")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "text": {"required": _("Write something on the card.")},
            "persona": {"invalid_choice": _("Choose one of this map's personas.")},
        }

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        map_personas(self.fields["persona"], journey, _("Everyone"))
        if not self.instance.pk:
            del self.fields["confidence"]  # a new card: marked when opened again


class EvidenceForm(forms.ModelForm):
    """A piece of research added from the card or touchpoint it backs."""

    class Meta:
        model = Evidence
        fields = ["kind", "text", "source", "date", "respondents", "persona"]
        labels = {
            "kind": _("Kind"),
            "text": _("What was said, seen or measured"),
            "source": _("Source"),
            "date": _("Date"),
            "respondents": _("Respondents"),
            "persona": _("Persona"),
        }
        help_texts = {
            "source": _("e.g. Interview 3, NPS survey Q3"),
            "respondents": _("How many people it speaks for"),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "date": forms.DateInput(attrs={"type": "date"}),
        }
        error_messages = {
            "text": {"required": _("Write the quote, observation or figure.")},
            "date": {"invalid": _("Give the date as YYYY-MM-DD.")},
            "respondents": {
                "min_value": _("Respondents: at least 1."),
                "max_value": _("Respondents: at most 100,000,000."),
            },
        }

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        map_personas(self.fields["persona"], journey, _("No persona"))


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
