from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ShareLink


class ShareLinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the link opens"), choices=ShareLink.Kind.choices)
    expires_in_days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("Empty: until you revoke it."),
    )
    password = forms.CharField(
        label=_("Password (optional)"),
        max_length=128,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class LinkPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), max_length=128, widget=forms.PasswordInput(attrs={"autofocus": True})
    )
