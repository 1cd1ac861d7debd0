"""The language an account's owner chose, kept with the account.

The language of a request is Django's: the language cookie, else the browser's Accept-Language,
else English (LocaleMiddleware). The saved one reaches the browser as that cookie when its owner
logs in (accounts/views.py), so every later page, with or without an account, reads it the same
way and no page pays a query for it. Profile rows exist only for accounts that have a language:
one is made at sign-up and on the first switch.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    def __str__(self):
        return f"{self.user} ({self.language})"

    @staticmethod
    def language_of(user):
        """The language `user` chose, or None (then the browser's decides)."""
        return Profile.objects.filter(user=user).values_list("language", flat=True).first()

    @staticmethod
    def remember(user, language):
        """Save `language` (a code of settings.LANGUAGES) as `user`'s choice."""
        if language not in dict(settings.LANGUAGES):
            raise ValueError(f"not one of settings.LANGUAGES: {language!r}")
        Profile.objects.update_or_create(user=user, defaults={"language": language})
