"""Share links: a map opened by people without an account, read-only.

A link is a long random token (secrets.token_urlsafe(32)) that only its URL holds; the table
keeps its SHA-256, so a copy of the database opens nothing. A link reads the map, its curve,
personas and PDF ("read"), or opens the projector view ("projector"). Its owner may revoke it;
it may expire and may ask for a password. A revoked or expired link answers 410 and says so.
"""

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workspaces.models import hash_token, new_token


class ShareLink(models.Model):
    class Kind(models.TextChoices):
        READ = "read", _("Read-only map")
        PROJECTOR = "projector", _("Projector view")

    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, related_name="share_links"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.READ)
    token_hash = models.CharField(max_length=64, unique=True)
    password = models.CharField(max_length=128, blank=True)  # a Django password hash, or ""
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} link to {self.journey_id}"

    @classmethod
    def make(cls, journey, user, kind, expires_at=None, password=""):
        """(the new link, its token): the token is shown once and never stored."""
        token = new_token()
        link = cls.objects.create(
            journey=journey,
            kind=kind,
            token_hash=hash_token(token),
            password=make_password(password) if password else "",
            expires_at=expires_at,
            created_by=user,
        )
        return link, token

    @classmethod
    def find(cls, token):
        """The link `token` names (valid or not), its map joined, or None."""
        return cls.objects.select_related("journey").filter(token_hash=hash_token(token)).first()

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_live(self):
        return not self.is_revoked and not self.is_expired

    def password_matches(self, raw):
        return bool(self.password) and check_password(raw, self.password)
