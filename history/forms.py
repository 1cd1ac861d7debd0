from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Version


class VersionForm(forms.ModelForm):
    class Meta:
        model = Version
        fields = ["name", "note"]
        labels = {"name": _("Version name"), "note": _("Note")}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class HistoryFilter(forms.Form):
    """The history page's filters: a person, a stage, a lane (the map's current ones)."""

    person = forms.ChoiceField(label=_("Person"), required=False)
    stage = forms.TypedChoiceField(label=_("Stage"), required=False, coerce=int, empty_value=None)
    lane = forms.TypedChoiceField(label=_("Lane"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, stages, lanes, people):
        super().__init__(data)
        anyone = [("", _("All people"))]
        everywhere = [("", _("All"))]
        self.fields["person"].choices = anyone + [(p, p) for p in people]
        self.fields["stage"].choices = everywhere + list(stages)
        self.fields["lane"].choices = everywhere + list(lanes)
