"""The workspace switcher, new workspaces, the members page (owners invite, change roles and
remove members) and accepting an invitation. Every view starts from workspace_for
(workspaces/access.py): members see the page, owners change it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .access import workspace_for
from .current import switch
from .forms import InviteForm, RoleForm, WorkspaceForm
from .models import Invitation, Membership, Role


@login_required
@require_POST
def switch_workspace(request):
    raw = request.POST.get("workspace", "")
    membership = switch(request, int(raw)) if raw.isascii() and raw.isdigit() else None
    if membership is None:
        messages.error(request, _("You are not a member of that workspace."))
    return redirect("journeys:list")


@login_required
@require_POST
def workspace_new(request):
    form = WorkspaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new workspace a name."))
        return redirect("journeys:list")
    workspace = services.create_workspace(form.cleaned_data["name"], request.user)
    switch(request, workspace.pk)
    messages.success(request, _("Workspace “%(name)s” created.") % {"name": workspace.name})
    return redirect("workspaces:members", workspace.pk)


def _members_page(request, workspace, invite_form=None, status=200):
    memberships = workspace.memberships.select_related("user").order_by("user__username")
    context = {
        "workspace": workspace,
        "memberships": memberships,
        "can_manage": workspace.role.allows(Role.OWNER),
        "roles": Role.choices,
        "invite_form": invite_form or InviteForm(),
        "invitations": workspace.invitations.filter(accepted_at=None),
    }
    return render(request, "workspaces/members.html", context, status=status)


@login_required
def members(request, pk):
    return _members_page(request, workspace_for(request, pk, "view"))


@login_required
@require_POST
def member_invite(request, pk):
    workspace = workspace_for(request, pk, "manage")
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _members_page(request, workspace, form, status=422)
    email, role = form.cleaned_data["who"], form.cleaned_data["role"]
    services.invite(request, workspace, email, role)
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
    return redirect("workspaces:members", workspace.pk)


def _membership(workspace, member_pk):
    return get_object_or_404(
        Membership.objects.select_related("user"), workspace=workspace, pk=member_pk
    )


@login_required
@require_POST
def member_role(request, pk, member_pk):
    workspace = workspace_for(request, pk, "manage")
    membership = _membership(workspace, member_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect("workspaces:members", workspace.pk)
    try:
        services.change_role(membership, form.cleaned_data["role"])
    except services.LastOwner:
        messages.error(request, _("A workspace needs an owner: make someone else owner first."))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": membership.user.get_username(), "role": membership.get_role_display()},
        )
    return redirect("workspaces:members", workspace.pk)


@login_required
@require_POST
def member_remove(request, pk, member_pk):
    workspace = workspace_for(request, pk, "manage")
    membership = _membership(workspace, member_pk)
    try:
        services.remove_member(membership)
    except services.LastOwner:
        messages.error(request, _("A workspace needs an owner: make someone else owner first."))
    else:
        name = membership.user.get_username()
        messages.success(request, _("%(name)s was removed.") % {"name": name})
    return redirect("workspaces:members", workspace.pk)


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    workspace = workspace_for(request, pk, "manage")
    get_object_or_404(Invitation, workspace=workspace, pk=invitation_pk, accepted_at=None).delete()
    messages.success(request, _("Invitation withdrawn."))
    return redirect("workspaces:members", workspace.pk)


@login_required
def accept(request, token):
    """The invitation's link: log in or sign up first (login_required keeps the link as
    `next`), then confirm. A used or withdrawn link says so."""
    invitation = services.pending_invitation(token)
    if invitation is None:
        return render(request, "workspaces/invitation_gone.html", status=410)
    if request.method == "POST":
        services.accept(invitation, request.user)
        switch(request, invitation.workspace_id)
        messages.success(
            request,
            _("You joined “%(name)s”.") % {"name": invitation.workspace.name},
        )
        return redirect("journeys:list")
    return render(request, "workspaces/accept.html", {"invitation": invitation})
