"""Who may do what with a map: the one place every view asks.

A map belongs to a workspace; what someone may do with it is their role there
(workspaces.models.Role): "view" (viewer: read, present, export), "comment" (commenter),
"edit" (editor: change the map, its personas, touchpoints and workshops), "manage" (owner:
members, share links, deletion). Someone who is not a member (or not logged in) gets a 404
for any map, so ids leak nothing; a member whose role is too low gets a 403.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from workspaces.access import checked, role_subquery
from workspaces.models import NEEDS, Role

from .models import Journey


def roles_for(need):
    """The roles that may do `need`."""
    return [role for role in Role if role.allows(NEEDS[need])]


def journeys_of(user, need="view"):
    """The maps `user` may `need`: those of the workspaces where their role allows it."""
    if not user.is_authenticated:
        return Journey.objects.none()
    return Journey.objects.filter(
        workspace__memberships__user=user, workspace__memberships__role__in=roles_for(need)
    )


def journey_for(request, pk, need="view"):
    """The map `pk` if the request's user may `need` it (see the module's docstring)."""
    if not request.user.is_authenticated:
        raise Http404(_("No such map."))
    rows = Journey.objects.filter(pk=pk).annotate(role=role_subquery(request.user))
    return checked(rows.first(), need)


def can(journey, need):
    """May the user `journey` was fetched for (journey_for, or a share link) `need` it?"""
    role = getattr(journey, "role", None)
    return role is not None and role.allows(NEEDS[need])
