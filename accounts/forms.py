"""The sign-up form: contrib.auth's, with a required e-mail address, the one way a forgotten
password comes back (the password reset mails a link to it), so one address is one account.
The password reset form: the e-mail goes out in the language its account chose."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Profile


class SignupForm(auth_forms.UserCreationForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("Where we send a link to set a new password if you forget yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(auth_forms.UserCreationForm.Meta):
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "An account with this e-mail address exists already. "
                    "Log in, or set a new password."
                )
            )
        return email


class PasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """One e-mail per matching account, in that account's language (else the page's)."""
        language = Profile.language_of(context["user"]) or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
