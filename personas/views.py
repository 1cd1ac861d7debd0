"""Personas: a user's own customer archetypes, reused on any of their maps.

Only the owner sees or changes a persona, and only attaches it to maps they own; anything else
is a 404. Attaching and detaching are plain form posts that return to the map's editor.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from journeys.access import get_journey_or_404
from journeys.links import editor_url
from journeys.services import Stale
from journeys.versioning import conflict_context, is_stale

from . import services
from .forms import PersonaForm
from .models import Persona

SAVE_FIELDS = ["name", "segment", "age", "quote", "bio", "goals", "pain_points"]
SAVE_FIELDS += ["motivations", "channels"]


def _persona_or_404(user, pk):
    return get_object_or_404(Persona, owner=user, pk=pk)


@login_required
def persona_list(request):
    personas = Persona.objects.filter(owner=request.user).annotate(map_count=Count("journey_links"))
    return render(request, "personas/list.html", {"personas": personas})


def _journey_from(request):
    """The map named by ?journey=<id> (opened from its persona bar), or None."""
    journey_pk = request.GET.get("journey", "")
    return (
        get_journey_or_404(request.user, journey_pk)
        if journey_pk.isascii() and journey_pk.isdigit()
        else None
    )


@login_required
def persona_create(request):
    # ?journey=<id>: create the persona for that map and attach it right away.
    journey = _journey_from(request)
    form = PersonaForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            persona = form.save(commit=False)
            persona.owner = request.user
            persona.save()
            if journey is not None:
                services.attach(journey, persona, request.user.get_username())
        messages.success(request, _("Persona “%(name)s” created.") % {"name": persona.name})
        return redirect(journey.get_absolute_url() if journey else "personas:list")
    status = 422 if request.method == "POST" else 200
    return render(request, "personas/form.html", {"form": form, "journey": journey}, status=status)


@login_required
def persona_edit(request, pk):
    persona = _persona_or_404(request.user, pk)
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
    persona = _persona_or_404(request.user, pk)
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


@login_required
@require_POST
def persona_attach(request, journey_pk):
    journey = get_journey_or_404(request.user, journey_pk)
    raw = request.POST.get("persona", "")
    persona = _persona_or_404(request.user, raw if raw.isascii() and raw.isdigit() else 0)
    if services.attach(journey, persona, request.user.get_username()) is None:
        messages.info(request, _("“%(name)s” is already on this map.") % {"name": persona.name})
    else:
        messages.success(request, _("“%(name)s” now appears on this map.") % {"name": persona.name})
    return redirect(editor_url(request, journey))


@login_required
@require_POST
def persona_detach(request, journey_pk, persona_pk):
    journey = get_journey_or_404(request.user, journey_pk)
    persona = _persona_or_404(request.user, persona_pk)
    if services.detach(journey, persona, request.user.get_username()):
        messages.success(request, _("“%(name)s” was taken off this map.") % {"name": persona.name})
    persona_filter = request.POST.get("persona_filter", "")
    if persona_filter == str(persona.pk):
        return redirect(journey.get_absolute_url())
    return redirect(editor_url(request, journey))
