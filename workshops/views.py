"""Facilitator pages (map owner only) and participant pages (/w/<code>/, no account)."""

from collections import defaultdict
from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from journeys import changes, live
from journeys.access import journey_for
from journeys.models import Card

from . import limits, services
from .forms import (
    CodeForm,
    JoinForm,
    MergeForm,
    NoteEditForm,
    NoteForm,
    WorkshopSettingsForm,
)
from .models import CODE_ALPHABET, Note, Participant, Vote, Workshop
from .qr import join_link


# --- facilitator -------------------------------------------------------------------------------
def _panel_context(request, journey, settings_form=None):
    workshop = services.open_workshop(journey)
    context = {
        "journey": journey,
        "workshop": workshop,
        "past": Workshop.objects.filter(journey=journey, ended_at__isnull=False)[:5],
        "settings_form": settings_form or WorkshopSettingsForm(instance=workshop),
    }
    if workshop:
        label = _("Join workshop %(code)s") % {"code": workshop.code}
        context.update(join_link(request, workshop, label))
    context.update(_queue_context(journey, workshop))
    return context


def _queue_context(journey, workshop):
    pending = []
    people = services.participants_with_counts(workshop) if workshop else []
    if workshop:
        notes = list(
            workshop.notes.filter(status=Note.Status.PENDING).select_related(
                "participant", "stage", "lane"
            )
        )
        for note in notes:
            note.edit_form = NoteEditForm(
                journey=journey,
                initial={
                    "text": note.text,
                    "stage": note.stage_id,
                    "lane": note.lane_id,
                    "kind": note.kind,
                },
                prefix=f"note{note.pk}",
            )
            note.merge_targets = [n for n in notes if n.pk != note.pk]
        pending = notes
    return {
        "journey": journey,
        "workshop": workshop,
        "pending": pending,
        "top_voted": services.top_voted(journey),
        "participants": people,
        "participant_count": sum(1 for person in people if not person.is_removed),
    }


@login_required
def panel(request, pk):
    journey = journey_for(request, pk, "edit")
    return render(request, "workshops/panel.html", _panel_context(request, journey))


@login_required
def queue(request, pk):
    """The live part of the panel: pending notes and the top voted cards."""
    journey = journey_for(request, pk, "edit")
    workshop = services.open_workshop(journey)
    return render(request, "workshops/_queue.html", _queue_context(journey, workshop))


@login_required
@require_POST
def start(request, pk):
    journey = journey_for(request, pk, "edit")
    form = WorkshopSettingsForm(request.POST)
    if not form.is_valid():
        context = _panel_context(request, journey, settings_form=form)
        return render(request, "workshops/panel.html", context, status=400)
    workshop = services.start_workshop(
        journey,
        form.cleaned_data["votes_per_participant"],
        form.cleaned_data["moderated"],
        request.user.get_username(),
    )
    messages.success(request, _("Workshop started. Join code: %(code)s") % {"code": workshop.code})
    return redirect("workshops:panel", pk=journey.pk)


@login_required
@require_POST
def update_settings(request, pk):
    journey = journey_for(request, pk, "edit")
    workshop = get_object_or_404(Workshop, journey=journey, ended_at__isnull=True)
    form = WorkshopSettingsForm(request.POST, instance=workshop)
    if not form.is_valid():
        context = _panel_context(request, journey, settings_form=form)
        return render(request, "workshops/panel.html", context, status=400)
    fields = list(form.Meta.fields)
    services.save_workshop(form.save(commit=False), fields, request.user.get_username())
    messages.success(request, _("Settings saved."))
    return redirect("workshops:panel", pk=journey.pk)


@login_required
@require_POST
def end(request, pk):
    journey = journey_for(request, pk, "edit")
    workshop = get_object_or_404(Workshop, journey=journey, ended_at__isnull=True)
    services.end_workshop(workshop, request.user.get_username())
    messages.success(
        request, _("Workshop %(code)s ended; its join link is closed.") % {"code": workshop.code}
    )
    return redirect("workshops:panel", pk=journey.pk)


def _pending_note(request, pk, note_id):
    journey = journey_for(request, pk, "edit")
    note = get_object_or_404(
        Note.objects.select_related("workshop", "stage", "lane"),
        pk=note_id,
        workshop__journey=journey,
        status=Note.Status.PENDING,
    )
    return journey, note


@login_required
@require_POST
def note_accept(request, pk, note_id):
    journey, note = _pending_note(request, pk, note_id)
    services.accept_note(note, request.user.get_username())
    messages.success(request, _("Note added to the map."))
    return redirect("workshops:panel", pk=journey.pk)


@login_required
@require_POST
def note_edit(request, pk, note_id):
    """Edit the text, move it to another cell or change its kind; optionally accept it too."""
    journey, note = _pending_note(request, pk, note_id)
    form = NoteEditForm(request.POST, journey=journey, prefix=f"note{note.pk}")
    if not form.is_valid():
        context = _panel_context(request, journey)
        for pending in context["pending"]:
            if pending.pk == note.pk:
                pending.edit_form = form
                pending.edit_open = True
        return render(request, "workshops/panel.html", context, status=400)
    fields = ["text", "stage", "lane", "kind"]
    for field in fields:
        setattr(note, field, form.cleaned_data[field])
    services.save_note(note, fields, request.user.get_username())
    if "accept" in request.POST:
        services.accept_note(note, request.user.get_username())
        messages.success(request, _("Note saved and added to the map."))
    else:
        messages.success(request, _("Note saved."))
    return redirect("workshops:panel", pk=journey.pk)


@login_required
@require_POST
def note_merge(request, pk, note_id):
    journey, note = _pending_note(request, pk, note_id)
    form = MergeForm(request.POST, note=note)
    if not form.is_valid():
        messages.error(request, _("Pick another waiting note to merge into."))
        return redirect("workshops:panel", pk=journey.pk)
    services.merge_note(note, form.cleaned_data["into"], request.user.get_username())
    messages.success(request, _("Notes merged."))
    return redirect("workshops:panel", pk=journey.pk)


@login_required
@require_POST
def note_delete(request, pk, note_id):
    journey, note = _pending_note(request, pk, note_id)
    services.discard_note(note, request.user.get_username())
    messages.success(request, _("Note deleted."))
    return redirect("workshops:panel", pk=journey.pk)


@login_required
@require_POST
def participant_remove(request, pk, participant_id):
    """Remove a participant: their notes and votes go, their phone can post no more here."""
    journey = journey_for(request, pk, "edit")
    participant = get_object_or_404(
        Participant.objects.select_related("workshop"),
        pk=participant_id,
        workshop__journey=journey,
        workshop__ended_at__isnull=True,
        removed_at__isnull=True,
    )
    services.remove_participant(participant, request.user.get_username())
    messages.success(
        request,
        _("%(name)s was removed; their notes and votes are deleted.")
        % {"name": participant.display_name},
    )
    return redirect("workshops:panel", pk=journey.pk)


# --- participants ----------------------------------------------------------------------------
def enter_code(request):
    form = CodeForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("workshops:participant", code=form.cleaned_data["code"])
    return render(request, "workshops/enter_code.html", {"form": form})


def _workshop(request, code):
    """(workshop, response): response is set when the request cannot go on (throttled, ended).
    Unknown codes count against the address; too many in a minute and every code is refused."""
    code = code.upper()
    if not set(code) <= set(CODE_ALPHABET):  # no query for what cannot be a code (NUL on PG)
        raise Http404(_("No workshop has this code."))
    address = limits.client_address(request)
    if limits.guessing_codes(address):
        return None, _refuse(request, limits.code_guessing_message(), status=429)
    workshop = Workshop.objects.select_related("journey").filter(code=code).first()
    if workshop is None:
        limits.record_failed_code(address)
        raise Http404(_("No workshop has this code."))
    if not workshop.is_open:
        return workshop, render(request, "workshops/ended.html", {"workshop": workshop}, status=410)
    return workshop, None


def _me(request, workshop):
    key = request.session.session_key
    if not key:
        return None
    return Participant.objects.filter(workshop=workshop, session_key=key).first()


def _refuse(request, message, status, workshop=None):
    """A phone page that only says why not (429 over a limit, 403 removed)."""
    context = {"message": message, "workshop": workshop, "status": status}
    return render(request, "workshops/refused.html", context, status=status)


def _removed(request, workshop):
    message = _("The facilitator removed you from this workshop.")
    return _refuse(request, message, status=403, workshop=workshop)


def _participant_page(request, workshop, me, note_form=None, error=None, status=200):
    journey = workshop.journey
    stages = list(journey.stages.all())
    lanes = list(journey.lanes.all())
    my_dots = defaultdict(int)
    for card_id in Vote.objects.filter(participant=me).values_list("card_id", flat=True):
        my_dots[card_id] += 1
    by_stage = defaultdict(list)
    for card in Card.objects.filter(journey=journey).select_related("lane"):
        card.my_dots = my_dots.get(card.pk, 0)
        by_stage[card.stage_id].append(card)
    lane_pos = {lane.pk: lane.position for lane in lanes}
    for cards in by_stage.values():
        cards.sort(key=lambda c: (lane_pos.get(c.lane_id, 0), c.position, c.pk))
    context = {
        "workshop": workshop,
        "journey": journey,
        "me": me,
        "note_form": note_form or NoteForm(journey=journey, initial=_last_choice(request)),
        "my_notes": me.notes.select_related("stage", "lane").order_by("-created_at", "-id")[:20],
        "votes_left": services.votes_left(me),
        "stage_cards": [(stage, by_stage.get(stage.pk, [])) for stage in stages],
        "error": error,
        "last_change_id": changes.last_change_id(journey.pk),  # before the cards: see there
    }
    # The page's script fetches its live part (notes and votes) after others' changes.
    template = "workshops/participant.html" + ("#live" if request.GET.get("live") else "")
    return render(request, template, context, status=status)


def _last_choice(request):
    """The stage and kind of the participant's last note: people often add several in a row."""
    initial = {}
    if (stage := request.GET.get("stage", "")).isascii() and stage.isdigit():
        initial["stage"] = int(stage)
    if request.GET.get("kind") in Note.Kind.values:
        initial["kind"] = request.GET["kind"]
    return initial


def participant(request, code):
    """Join with a display name, then the phone page: add notes, spend votes."""
    workshop, response = _workshop(request, code)
    if response:
        return response
    me = _me(request, workshop)
    if me and me.is_removed:
        return _removed(request, workshop)
    if me:
        return _participant_page(request, workshop, me)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.session.session_key:
            request.session.save()
        try:
            services.join(
                workshop,
                request.session.session_key,
                form.cleaned_data["display_name"],
                limits.client_address(request),
            )
        except services.Removed:
            return _removed(request, workshop)
        except services.LimitReached as over:
            return _refuse(request, over.message, status=429, workshop=workshop)
        return redirect("workshops:participant", code=workshop.code)
    status = 400 if form.is_bound else 200
    return render(
        request, "workshops/join.html", {"workshop": workshop, "form": form}, status=status
    )


def _participant_or_redirect(request, code):
    """(workshop, participant, response): response is set when the request cannot go on."""
    workshop, response = _workshop(request, code)
    if response:
        return workshop, None, response
    me = _me(request, workshop)
    if me is None:
        return workshop, None, redirect("workshops:participant", code=workshop.code)
    if me.is_removed:
        return workshop, None, _removed(request, workshop)
    return workshop, me, None


@require_POST
def add_note(request, code):
    workshop, me, response = _participant_or_redirect(request, code)
    if response:
        return response
    form = NoteForm(request.POST, journey=workshop.journey)
    if not form.is_valid():
        return _participant_page(request, workshop, me, note_form=form, status=400)
    data = form.cleaned_data
    lane = data["lane"] or services.lane_for(workshop.journey, data["kind"])
    if lane is None:
        form.add_error(None, _("This map has no lanes yet; ask the facilitator to add one."))
        return _participant_page(request, workshop, me, note_form=form, status=400)
    address = limits.client_address(request)
    try:
        services.add_note(me, data["stage"], lane, data["kind"], data["text"], address)
    except services.LimitReached as over:
        return _participant_page(
            request, workshop, me, note_form=form, error=over.message, status=429
        )
    if workshop.moderated:
        messages.success(request, _("Sent. It shows on the map once the facilitator accepts it."))
    else:
        messages.success(request, _("Added to the map."))
    again = urlencode({"stage": data["stage"].pk, "kind": data["kind"]})
    return redirect(f"{reverse('workshops:participant', args=[workshop.code])}?{again}")


@require_POST
def delete_note(request, code, note_id):
    workshop, me, response = _participant_or_redirect(request, code)
    if response:
        return response
    note = get_object_or_404(Note, pk=note_id, participant=me, status=Note.Status.PENDING)
    services.discard_note(note, me.display_name)
    messages.success(request, _("Note withdrawn."))
    return redirect("workshops:participant", code=workshop.code)


@require_POST
def vote(request, code, card_id):
    workshop, me, response = _participant_or_redirect(request, code)
    if response:
        return response
    card = get_object_or_404(Card, pk=card_id, journey=workshop.journey)
    if request.POST.get("undo"):
        services.take_back_vote(me, card)
    else:
        try:
            services.cast_vote(me, card, limits.client_address(request))
        except services.NoVotesLeft:
            if workshop.votes_per_participant == 0:
                error = _("Voting is off in this workshop.")
            else:
                error = ngettext(
                    "You have used your %(count)d vote. Take it back to move it.",
                    "You have used all %(count)d votes. Take one back to move it.",
                    workshop.votes_per_participant,
                ) % {"count": workshop.votes_per_participant}
            return _participant_page(request, workshop, me, error=error, status=409)
        except services.LimitReached as over:
            return _participant_page(request, workshop, me, error=over.message, status=429)
    return redirect(reverse("workshops:participant", args=[workshop.code]) + f"#card-{card.pk}")


def _phone_listener(request, code):
    """(map id, workshop id, participant id) of this phone in an open workshop, or None."""
    if not set(code.upper()) <= set(CODE_ALPHABET):
        return None
    workshop = Workshop.objects.filter(code=code.upper(), ended_at__isnull=True).first()
    me = workshop and _me(request, workshop)
    if not me or me.is_removed:
        return None
    return workshop.journey_id, workshop.pk, me.pk


def _phone_still_in(workshop_id, participant_id):
    """Is the workshop still open and the participant still in it?"""
    return Participant.objects.filter(
        pk=participant_id,
        workshop_id=workshop_id,
        workshop__ended_at__isnull=True,
        removed_at__isnull=True,
    ).exists()


@require_GET
async def events(request, code):
    """A participant's live stream of the map's changes (journeys/live.py), while they are in
    an open workshop. 204 otherwise, which tells the browser not to reconnect: the page's next
    fetch shows why (the workshop ended, they were removed)."""
    listener = await live.use_db(_phone_listener, request, code)
    if listener is None or not hasattr(request, "scope"):  # (WSGI cannot stream: see there)
        return HttpResponse(status=204)
    journey_id, workshop_id, participant_id = listener
    still_in = partial(_phone_still_in, workshop_id, participant_id)
    return live.stream_response(request, journey_id, ("participant", participant_id), still_in)
