"""Touchpoint forms: the touchpoint itself, its metrics (a formset) and its `next` links."""

from django import forms
from django.forms import BaseFormSet, formset_factory, inlineformset_factory
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from journeys.forms import CONFIDENCE_CHOICES
from journeys.models import Lane, Stage
from journeys.numbers import signed
from journeys.versioning import VersionedForm
from journeys.vocabulary import SENTIMENT_LABELS, sentiment_symbol
from personas.models import Persona

from .models import Metric, Touchpoint

EMOTION_WORDS = {
    3: _("Delighted"),
    2: _("Happy"),
    1: _("Pleased"),
    0: _("Indifferent"),
    -1: _("Uneasy"),
    -2: _("Frustrated"),
    -3: _("Very bad"),
}
# Lazy, so each request sees the words in its own language.
EMOTION_CHOICES = [(n, format_lazy("{} {}", signed(n), word)) for n, word in EMOTION_WORDS.items()]
SENTIMENT_CHOICES = [
    (key, format_lazy("{} {}", sentiment_symbol(key), label))
    for key, label in SENTIMENT_LABELS.items()
]


class FigureInput(forms.NumberInput):
    """A number field that shows 30, not 30.0."""

    def __init__(self, attrs=None):
        super().__init__({"step": "any", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, float):
            return f"{value:.15g}"
        return super().format_value(value)


class TouchpointForm(VersionedForm):
    """Every field of a touchpoint; `stage` and `lane` only when adding (moving is drag/drop)."""

    emotion = forms.IntegerField(
        label=_("Emotion"),
        min_value=-3,
        max_value=3,
        initial=0,
        widget=forms.Select(choices=EMOTION_CHOICES),
        error_messages={
            "min_value": _("Emotion runs from −3 to +3."),
            "max_value": _("Emotion runs from −3 to +3."),
            "invalid": _("Emotion is a whole number from −3 to +3."),
        },
    )
    sentiment = forms.ChoiceField(
        label=_("Sentiment"), choices=SENTIMENT_CHOICES, initial="neutral"
    )

    confidence = forms.ChoiceField(
        label=_("Observed or assumed"), choices=CONFIDENCE_CHOICES, required=False
    )

    class Meta:
        model = Touchpoint
        fields = ["title", "channel", "sentiment", "emotion", "persona", "owner", "goal"]
        fields += ["description", "confidence"]
        labels = {
            "title": _("Title"),
            "channel": _("Channel"),
            "persona": _("Persona"),
            "owner": _("Owner team"),
            "goal": _("Goal"),
            "description": _("Description"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "channel": forms.TextInput(attrs={"placeholder": _("website, app, store…")}),
        }

    def __init__(self, *args, journey, adding=False, **kwargs):
        super().__init__(*args, creating=adding, **kwargs)
        self.journey = journey
        persona = self.fields["persona"]
        persona.queryset = Persona.objects.filter(journey_links__journey=journey).order_by(
            "journey_links__position"
        )
        persona.empty_label = _("Everyone")
        persona.error_messages["invalid_choice"] = _("Choose a persona attached to this map.")
        self.fields["title"].error_messages["required"] = _("Give the touchpoint a title.")
        self.fields["title"].widget.attrs["autofocus"] = True
        if adding:
            del self.fields["confidence"]  # marked when opened again, as a card is
            self.fields["stage"] = forms.ModelChoiceField(
                queryset=Stage.objects.filter(journey=journey),
                label=_("Stage"),
                error_messages={"invalid_choice": _("Choose a stage of this map.")},
            )
            self.fields["lane"] = forms.ModelChoiceField(
                queryset=Lane.objects.filter(journey=journey),
                required=False,
                label=_("Lane"),
                empty_label=_("First touchpoints lane"),
                error_messages={"invalid_choice": _("Choose a lane of this map.")},
            )


class MetricForm(forms.ModelForm):
    class Meta:
        model = Metric
        fields = ["name", "value", "target", "unit"]
        labels = {"name": _("Name"), "value": _("Value"), "target": _("Target"), "unit": _("Unit")}
        widgets = {"value": FigureInput, "target": FigureInput}

    def clean(self):
        cleaned = super().clean()
        # A row with figures but no name would be silently dropped; say so instead.
        if not cleaned.get("name") and any(
            cleaned.get(f) not in (None, "") for f in ("value", "target", "unit")
        ):
            self.add_error("name", _("Name the metric, or clear the row."))
        return cleaned


MetricFormSet = inlineformset_factory(
    Touchpoint, Metric, form=MetricForm, extra=1, can_delete=True, max_num=30, validate_max=True
)


class NextLinkForm(forms.Form):
    target = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = [(None, [("", _("— none —"))]), *groups]
        field = self.fields["target"]
        field.choices = choices_of(self.groups)
        field.error_messages["invalid_choice"] = _("Choose another touchpoint of this map.")


class BaseNextLinkFormSet(BaseFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            target = form.cleaned_data.get("target") if hasattr(form, "cleaned_data") else None
            if target is None:
                continue
            if target in seen:
                form.add_error("target", _("This touchpoint is already linked."))
            seen.add(target)

    def targets(self):
        """Chosen touchpoint ids, in the order of the rows."""
        return [f.cleaned_data["target"] for f in self.forms if f.cleaned_data.get("target")]


NextLinkFormSet = formset_factory(
    NextLinkForm, formset=BaseNextLinkFormSet, extra=1, max_num=30, validate_max=True
)


def touchpoint_groups(journey, exclude_pk=None):
    """The map's touchpoints by stage, in map order: [(stage name, [(id, title)])].

    Options are drawn by a template loop (touchpoints/_select.html), not by Django's widget,
    which renders every option through a template and is slow for hundreds of touchpoints.
    """
    rows = (
        Touchpoint.objects.filter(journey=journey)
        .exclude(pk=exclude_pk)
        .order_by("stage__position", "position", "pk")
        .values_list("pk", "title", "stage__name", "stage_id")
    )
    groups = {}
    for pk, title, stage_name, stage_id in rows:
        groups.setdefault(stage_id, (stage_name, []))[1].append((str(pk), title))
    return list(groups.values())


def choices_of(groups):
    """ChoiceField choices from [(group label or None, [(value, label)])]."""
    choices = []
    for group, options in groups:
        if group is None:
            choices.extend(options)
        else:
            choices.append((group, options))
    return choices
