"""Every change to a workspace's members goes through here: the rule that a workspace always
keeps an owner is checked in one place, under a lock on the workspace's memberships."""

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Invitation, Membership, Role, Workspace, hash_token, new_token


class LastOwner(Exception):
    """The change would leave the workspace without an owner; nothing was written."""


@transaction.atomic
def create_workspace(name, user):
    workspace = Workspace.objects.create(name=name)
    Membership.objects.create(workspace=workspace, user=user, role=Role.OWNER)
    return workspace


def _owners_after(membership, role):
    owners = list(
        Membership.objects.select_for_update()
        .filter(workspace=membership.workspace_id, role=Role.OWNER)
        .values_list("pk", flat=True)
    )
    return len([pk for pk in owners if pk != membership.pk]) + (role == Role.OWNER)


@transaction.atomic
def change_role(membership, role):
    if _owners_after(membership, role) == 0:
        raise LastOwner
    membership.role = role
    membership.save(update_fields=["role"])


@transaction.atomic
def remove_member(membership):
    if _owners_after(membership, None) == 0:
        raise LastOwner
    membership.delete()


def invite(request, workspace, email, role):
    """Record an invitation and mail its link; the token exists only in the mail."""
    token = new_token()
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=request.user,
    )
    link = request.build_absolute_uri(reverse("workspaces:accept", args=[token]))
    subject = _("%(name)s invites you to the workspace “%(workspace)s”") % {
        "name": request.user.get_username(),
        "workspace": workspace.name,
    }
    body = _(
        "%(name)s invites you to work on the journey maps of “%(workspace)s” as %(role)s.\n\n"
        "Open this link to accept (log in or sign up first):\n%(link)s\n"
    ) % {
        "name": request.user.get_username(),
        "workspace": workspace.name,
        "role": Role(role).label,
        "link": link,
    }
    send_mail(subject, body, None, [email])
    return invitation


def pending_invitation(token):
    """The open invitation that `token` names, or None."""
    invitation = Invitation.objects.filter(token_hash=hash_token(token), accepted_at=None)
    return invitation.select_related("workspace", "invited_by").first()


@transaction.atomic
def accept(invitation, user):
    """Make `user` a member with the invited role (a member already keeps the higher role)."""
    membership, created = Membership.objects.get_or_create(
        workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
    )
    if not created and Role(invitation.role).rank > Role(membership.role).rank:
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership
