"""The workspace a user is working in: the map list, the personas and the insights show its
things, and new maps go to it.

The choice is kept in the session; a workspace the user has since left falls back to their
personal one. Pages ask once per request (cached on it), in one query for all the user's
memberships, which the header's switcher lists too.
"""

from django.core.exceptions import PermissionDenied
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .models import NEEDS, Role, Workspace

SESSION_KEY = "workspace_id"


def memberships_of(request):
    """The user's memberships, their workspaces joined, by workspace name (cached)."""
    if not hasattr(request, "_memberships"):
        request._memberships = list(
            request.user.memberships.select_related("workspace").order_by(
                "workspace__name", "workspace_id"
            )
        )
    return request._memberships


def current_membership(request):
    """The user's membership of their current workspace (their personal one if none chosen)."""
    memberships = memberships_of(request)
    chosen = request.session.get(SESSION_KEY)
    found = next((m for m in memberships if m.workspace_id == chosen), None)
    if found is None:
        found = next(
            (m for m in memberships if m.workspace.personal_of_id == request.user.pk), None
        )
    if found is None:  # an account made before workspaces, or outside sign-up
        Workspace.personal(request.user)
        del request._memberships
        return current_membership(request)
    found.role = Role(found.role)
    return found


def current_workspace(request):
    return current_membership(request).workspace


def current_workspace_for(request, need):
    """The current workspace if the user's role there allows `need`, else 403."""
    membership = current_membership(request)
    if not membership.role.allows(NEEDS[need]):
        raise PermissionDenied(_("Your role in this workspace does not allow this."))
    return membership.workspace


def switch(request, workspace_id):
    """Make `workspace_id` current if the user is a member; returns the membership or None."""
    found = next((m for m in memberships_of(request) if m.workspace_id == workspace_id), None)
    if found is not None:
        request.session[SESSION_KEY] = workspace_id
    return found


def workspaces(request):
    """Context processor: the switcher's memberships and the current one, for logged-in pages.
    Lazy: a page that does not draw the header pays nothing, not even for reading the user."""

    def current():
        return current_membership(request) if request.user.is_authenticated else None

    return {
        "my_memberships": SimpleLazyObject(
            lambda: memberships_of(request) if request.user.is_authenticated else []
        ),
        "current_membership": SimpleLazyObject(current),
    }
