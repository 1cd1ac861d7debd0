from django import forms
from django.utils.translation import gettext_lazy as _


class GalleryFilter(forms.Form):
    """The gallery's filters; the choices are those the shipped templates have."""

    industry = forms.ChoiceField(label=_("Industry"), required=False)
    framework = forms.ChoiceField(label=_("Framework"), required=False)
    lang = forms.ChoiceField(label=_("Template language"), required=False)

    def __init__(self, data, templates):
        super().__init__(data, label_suffix="")
        options = {"industry": {}, "framework": {}, "lang": {}}
        for t in templates:
            if t.industry:
                options["industry"][t.industry] = t.industry_label
            if t.framework_label:
                options["framework"][t.framework] = t.framework_label
            options["lang"][t.lang] = t.language
        every = {
            "industry": _("All industries"),
            "framework": _("All frameworks"),
            "lang": _("All languages"),
        }
        for name, found in options.items():
            self.fields[name].choices = [("", every[name]), *found.items()]
            self.fields[name].error_messages["invalid_choice"] = _(
                "There is no such choice, so this filter is off."
            )

    def matches(self, template):
        """Whether the template passes every filter set (a filter with a bad value is off)."""
        self.is_valid()
        return all(
            getattr(template, name) == value for name, value in self.cleaned_data.items() if value
        )


class SaveAsTemplateForm(forms.Form):
    name = forms.CharField(
        label=_("Template name"),
        max_length=200,
        error_messages={"required": _("Give the template a name.")},
    )
    content = forms.ChoiceField(
        label=_("What to keep"),
        choices=[
            ("all", _("Everything: stages, lanes, personas, cards, touchpoints and goals")),
            ("structure", _("Structure only: stages, lanes and personas, with empty cells")),
        ],
        initial="all",
        widget=forms.RadioSelect,
    )


class RenameTemplateForm(forms.Form):
    name = forms.CharField(
        label=_("New name"),
        max_length=200,
        error_messages={"required": _("Give the template a name.")},
    )
