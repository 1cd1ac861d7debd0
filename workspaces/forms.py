from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .models import Role


class WorkspaceForm(forms.Form):
    name = forms.CharField(label=_("Name of the new workspace"), max_length=120)


class InviteForm(forms.Form):
    who = forms.CharField(label=_("Username or e-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)

    def clean_who(self):
        """The e-mail address to send the invitation to: the one given, or the account's."""
        who = self.cleaned_data["who"].strip()
        if "@" in who:
            validate_email(who)
            return who
        user = get_user_model().objects.filter(username=who).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this username."))
        if not user.email:
            raise forms.ValidationError(_("This account has no e-mail address; invite by e-mail."))
        return user.email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
