"""Role checks shared by every view: a row annotated with the user's role in its workspace is
let through if that role allows what the view needs (workspaces.models.NEEDS); a user outside
the workspace gets a 404 (ids leak nothing), a member whose role is too low a 403.
journeys/access.py asks these for maps; the workspace pages ask them for the workspace."""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from .models import NEEDS, Membership, Role, Workspace


def role_subquery(user, workspace_ref="workspace"):
    """`user`'s role in the workspace at `workspace_ref`, for annotating a query."""
    memberships = Membership.objects.filter(workspace=OuterRef(workspace_ref), user=user.pk)
    return Subquery(memberships.values("role")[:1])


def checked(obj, need):
    """`obj` (annotated with `role`) if that role allows `need`, else 404 (no row, or not a
    member) or 403. Sets `obj.role` to the Role, for pages that show controls by it."""
    if obj is None or obj.role is None:
        raise Http404(_("Not found."))
    obj.role = Role(obj.role)
    if not obj.role.allows(NEEDS[need]):
        raise PermissionDenied(_("Your role in this workspace does not allow this."))
    return obj


def workspace_for(request, pk, need="view"):
    """The workspace `pk` if the request's user may `need` it."""
    if not request.user.is_authenticated:
        raise Http404(_("Not found."))
    rows = Workspace.objects.filter(pk=pk).annotate(role=role_subquery(request.user, "pk"))
    return checked(rows.first(), need)
