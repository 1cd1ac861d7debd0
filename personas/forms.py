"""The persona form: list fields are edited as one item per line and stored as JSON lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from journeys.versioning import VersionedForm

from .models import Persona

MAX_ITEMS = 30
MAX_ITEM_LENGTH = 200


class LinesField(forms.CharField):
    """A textarea whose lines become a list of short texts; blank lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One per line."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_ITEMS:
            raise forms.ValidationError(
                _("At most %(max)d lines, please (%(count)d given).")
                % {"max": MAX_ITEMS, "count": len(value)}
            )
        for number, item in enumerate(value, start=1):
            if len(item) > MAX_ITEM_LENGTH:
                raise forms.ValidationError(
                    _(
                        "Line %(number)d is %(length)d characters long; "
                        "keep each line to %(max)d characters or fewer."
                    )
                    % {"number": number, "length": len(item), "max": MAX_ITEM_LENGTH}
                )


class PersonaForm(VersionedForm):
    goals = LinesField(label=_("Goals"))
    pain_points = LinesField(label=_("Pain points"))
    motivations = LinesField(label=_("Motivations"))
    channels = LinesField(label=_("Preferred channels"), help_text=_("One per line: app, store, …"))

    class Meta:
        model = Persona
        fields = [
            "name",
            "segment",
            "age",
            "quote",
            "bio",
            "goals",
            "pain_points",
            "motivations",
            "channels",
        ]
        labels = {
            "name": _("Name"),
            "segment": _("Segment"),
            "age": _("Age"),
            "bio": _("Bio"),
            "quote": _("Quote"),
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "segment": forms.TextInput(attrs={"placeholder": _("e.g. first-time buyer")}),
            "age": forms.TextInput(attrs={"placeholder": _("e.g. 20s, 34")}),
            "quote": forms.TextInput(attrs={"placeholder": _("In their own words")}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Give the persona a name.")
        self.fields["name"].widget.attrs["autofocus"] = True
