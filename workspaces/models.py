"""Workspaces: the team a map and its personas belong to, and who is in it with which role.

Every user has a personal workspace (made at sign-up, or the first time it is asked for); other
workspaces are shared by invitation. Access to a map is the role its viewer holds in the map's
workspace (journeys/access.py); the roles are ordered, each allowing what the one below does.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """Ordered: each role may do all that the roles before it may."""

    VIEWER = "viewer", pgettext_lazy("workspace role", "Viewer")
    COMMENTER = "commenter", pgettext_lazy("workspace role", "Commenter")
    EDITOR = "editor", pgettext_lazy("workspace role", "Editor")
    OWNER = "owner", pgettext_lazy("workspace role", "Owner")

    @property
    def rank(self):
        return list(Role).index(self)

    def allows(self, need):
        """Does this role cover `need`, a role (or its value)?"""
        return self.rank >= Role(need).rank


# What a request needs to do, and the least role that may: the words views ask for.
NEEDS = {"view": Role.VIEWER, "comment": Role.COMMENTER, "edit": Role.EDITOR, "manage": Role.OWNER}


class Workspace(models.Model):
    name = models.CharField(_("name"), max_length=120)
    # Set for a user's personal workspace: the one their maps go to unless they choose another.
    personal_of = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personal_workspace",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="workspaces"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @staticmethod
    @transaction.atomic
    def personal(user):
        """`user`'s personal workspace, made (with them as its owner) if it does not exist."""
        workspace, created = Workspace.objects.get_or_create(
            personal_of=user, defaults={"name": user.get_username()}
        )
        if created:
            Membership.objects.create(workspace=workspace, user=user, role=Role.OWNER)
        return workspace

    def role_of(self, user):
        """`user`'s Role here, or None."""
        if not user.is_authenticated:
            return None
        role = self.memberships.filter(user=user).values_list("role", flat=True).first()
        return Role(role) if role else None


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workspace", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} in {self.workspace} ({self.role})"


def hash_token(token):
    """Tokens are stored as their SHA-256: a copy of the database opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation to join a workspace with a role; the link it sends carries the token."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.EDITOR)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.email} to {self.workspace}"
