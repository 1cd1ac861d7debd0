from django import forms
from django.utils.translation import gettext_lazy as _

from journeys.models import Card, Lane, Stage

from .models import CODE_ALPHABET, CODE_LENGTH, Note, Workshop


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper().replace(" ", "").replace("-", "")
        if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
            raise forms.ValidationError(
                _("A workshop code has %(length)d letters and digits.") % {"length": CODE_LENGTH}
            )
        return code


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=40,
        help_text=_("Shown to the facilitator next to your notes. No account needed."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Please give a name."))
        return name


class WorkshopSettingsForm(forms.ModelForm):
    votes_per_participant = forms.IntegerField(
        label=_("Votes per participant"),
        min_value=0,
        max_value=20,
        initial=3,
        help_text=_("0 turns voting off."),
    )
    moderated = forms.TypedChoiceField(
        label=_("New notes"),
        choices=[("1", _("wait for my approval")), ("0", _("appear on the map at once"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )

    class Meta:
        model = Workshop
        fields = ["votes_per_participant", "moderated"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["moderated"] = "1" if self.instance.moderated else "0"


class _CellFields(forms.Form):
    """Stage and lane, limited to one map."""

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.journey = journey
        self.fields["stage"].queryset = Stage.objects.filter(journey=journey)
        self.fields["lane"].queryset = Lane.objects.filter(journey=journey)


class NoteForm(_CellFields):
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.none(), label=_("Stage"), empty_label=None
    )
    kind = forms.ChoiceField(
        choices=Note.Kind.choices, label=_("Kind"), widget=forms.RadioSelect, initial="idea"
    )
    lane = forms.ModelChoiceField(
        queryset=Lane.objects.none(),
        label=_("Lane"),
        required=False,
        empty_label=_("The lane that fits the kind"),
    )
    text = forms.CharField(
        label=_("Your note"),
        max_length=280,
        error_messages={"required": _("Write something first.")},
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 280}),
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write something first."))
        return text


class NoteEditForm(_CellFields):
    text = forms.CharField(
        label=_("Text"),
        max_length=280,
        error_messages={"required": _("A note needs text.")},
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 280}),
    )
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.none(), label=_("Stage"), empty_label=None
    )
    lane = forms.ModelChoiceField(queryset=Lane.objects.none(), label=_("Lane"), empty_label=None)
    kind = forms.ChoiceField(choices=Note.Kind.choices, label=_("Kind"))

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("A note needs text."))
        return text


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Note.objects.none(), label=_("Merge into"))

    def __init__(self, *args, note, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Note.objects.filter(
            workshop=note.workshop, status=Note.Status.PENDING
        ).exclude(pk=note.pk)


def votable_cards(journey):
    return Card.objects.filter(journey=journey).select_related("stage", "lane")
