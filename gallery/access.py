"""Who may do what with a team template: their role in its workspace, checked as for a map
(workspaces/access.py): "view" to see and use it, "edit" to rename or delete it. Someone outside
the workspace gets a 404, a member whose role is too low a 403."""

from django.http import Http404
from django.utils.translation import gettext as _

from workspaces.access import checked, role_subquery

from .models import TeamTemplate


def templates_of(workspace):
    """The workspace's templates, newest first, each with who saved it."""
    return TeamTemplate.objects.filter(workspace=workspace).select_related("owner")


def template_for(request, pk, need="view"):
    """The template `pk` if the request's user may `need` it."""
    if not request.user.is_authenticated:
        raise Http404(_("Not found."))
    rows = TeamTemplate.objects.filter(pk=pk).select_related("owner", "workspace")
    return checked(rows.annotate(role=role_subquery(request.user)).first(), need)
