"""Personas: a workspace's customer archetypes, reused on any of its maps.

Members of the workspace see its personas; editors change them and attach them to its maps
(journeys/access.py: a stranger gets a 404, a member whose role is too low a 403). Attaching
and detaching are plain form posts that return to the map's editor.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from journeys.access import journey_for
from journeys.links import editor_url
from journeys.services import Stale
from journeys.versioning import conflict_context, is_stale
from workspaces.access import checked, role_subquery
from workspaces.current import current_membership, current_workspace_for
from workspaces.models import Role

from . import services
from .forms import PersonaForm
from .models import Persona

SAVE_FIELDS = ["name", "segment", "age", "quote", "bio", "goals", "pain_points"]
SAVE_FIELDS += ["motivations", "channels"]


def _persona_for(request, pk, need="edit"):
    rows = Persona.objects.filter(pk=pk).annotate(role=role_subquery(request.user))
    return checked(rows.first(), need)


@login_required
def persona_list(request):
    membership = current_membership(request)
    personas = Persona.objects.filter(workspace=membership.workspace)
    context = {
        "personas": personas.annotate(map_count=Count("journey_links")),
        "can_edit": membership.role.allows(Role.EDITOR),
    }
    return render(request, "personas/list.html", context)


def _journey_from(request):
    """The map named by ?journey=<id> (opened from its persona bar), or None."""
    journey_pk = request.GET.get("journey", "")
    return (
        journey_for(request, journey_pk, "edit")
        if journey_pk.isascii() and journey_pk.isdigit()
        else None
    )


@login_required
def persona_create(request):
    # ?journey=<id>: create the persona for that map and attach it right away.
    journey = _journey_from(request)
    if journey is None:
        workspace = current_workspace_for(request, "edit")
    else:
        workspace = journey.workspace
    form = PersonaForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            persona = form.save(commit=False)
            persona.owner, persona.workspace = request.user, workspace
            persona.save()
            if journey is not None:
                services.attach(journey, persona, request.user.get_username())
        messages.success(request, _("Persona “%(name)s” created.") % {"name": persona.name})
        return redirect(journey.get_absolute_url() if journey else "personas:list")
    status = 422 if request.method == "POST" else 200
    return render(request, "personas/form.html", {"form": form, "journey": journey}, status=status)


@login_required
def persona_edit(request, pk):
    persona = _persona_for(request, pk)
    # ?journey=<id>: opened from that map's persona bar, so it returns there.
    journey = _journey_from(request)
    if request.method != "POST":
        context = {"form": PersonaForm(instance=persona), "journey": journey}
        return render(request, "personas/form.html", context)
    if is_stale(persona, request.POST):
        return _conflict(request, persona, journey)
    form = PersonaForm(request.POST, instance=persona)
    if not form.is_valid():
        context = {"form": form, "journey": journey}
        return render(request, "personas/form.html", context, status=422)
    try:
        services.update_persona(
            persona, request.POST["version"], SAVE_FIELDS, request.user.get_username()
        )
    except Stale:
        return _conflict(request, persona, journey)
    messages.success(request, _("Persona “%(name)s” saved.") % {"name": persona.name})
    return redirect(journey.get_absolute_url() if journey else "personas:list")


def _conflict(request, persona, journey=None):
    current = Persona.objects.get(pk=persona.pk)
    context = {
        "journey": journey,
        "form": PersonaForm(instance=current),
        **conflict_context("persona", PersonaForm, request.POST, current, SAVE_FIELDS),
    }
    return render(request, "personas/form.html", context, status=409)


@login_required
def persona_delete(request, pk):
    persona = _persona_for(request, pk)
    if request.method == "POST":
        name = persona.name
        services.delete_persona(persona, request.user.get_username())
        messages.success(request, _("Persona “%(name)s” deleted.") % {"name": name})
        return redirect("personas:list")
    context = {
        "persona": persona,
        "maps": [link.journey for link in persona.journey_links.select_related("journey")],
        "touchpoint_count": persona.touchpoints.count(),
        "card_count": persona.cards.count(),
    }
    return render(request, "personas/delete.html", context)


def _persona_of_map(request, journey, pk):
    """A persona of the map's workspace (404 for any other)."""
    return get_object_or_404(Persona, workspace=journey.workspace_id, pk=pk)


@login_required
@require_POST
def persona_attach(request, journey_pk):
    journey = journey_for(request, journey_pk, "edit")
    raw = request.POST.get("persona", "")
    persona = _persona_of_map(request, journey, raw if raw.isascii() and raw.isdigit() else 0)
    if services.attach(journey, persona, request.user.get_username()) is None:
        messages.info(request, _("“%(name)s” is already on this map.") % {"name": persona.name})
    else:
        messages.success(request, _("“%(name)s” now appears on this map.") % {"name": persona.name})
    return redirect(editor_url(request, journey))


@login_required
@require_POST
def persona_detach(request, journey_pk, persona_pk):
    journey = journey_for(request, journey_pk, "edit")
    persona = _persona_of_map(request, journey, persona_pk)
    if services.detach(journey, persona, request.user.get_username()):
        messages.success(request, _("“%(name)s” was taken off this map.") % {"name": persona.name})
    persona_filter = request.POST.get("persona_filter", "")
    if persona_filter == str(persona.pk):
        return redirect(journey.get_absolute_url())
    return redirect(editor_url(request, journey))
