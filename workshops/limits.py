"""How much one phone, one network address and one whole workshop may add; the code throttle.

Why three keys. A participant is a browser session, and a new session costs nothing (a private
window, cleared cookies), so limits per participant alone limit nothing. The network address is
what a fresh session cannot change cheaply, so each address gets what one person gets (times
WORKSHOP_PEOPLE_PER_ADDRESS, for rooms that share one public address). Many addresses together
are held by ceilings on the whole workshop.

The counts come from the rows themselves (notes, votes, participants, failed codes) and are
taken inside the transaction that holds the workshop's row lock (workshops/services.py), so
they are exact with any number of app processes and need no cache to be set up.

An address is keyed as a phone's address is seen: IPv4 as is, IPv6 by its /64 network (one
device may hold a whole /64). Behind reverse proxies, TRUSTED_PROXY_COUNT says how many
X-Forwarded-For entries, from the right, were written by proxies we run.
"""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import FailedCode, Note, Participant, Vote

# Per participant (one browser session).
NOTES_PER_MINUTE = 10
# Per address: these times WORKSHOP_PEOPLE_PER_ADDRESS (the votes: the workshop's own allowance).
JOINS_PER_ADDRESS_PER_HOUR = 10  # a phone that lost its cookie may join again, a few times
CODE_GUESSES_PER_MINUTE = 10  # mistyped codes; then 429 for a minute
# Per workshop, whatever the addresses.
WORKSHOP_NOTES_PER_MINUTE = 120  # more than any facilitator can read; a room of 60 at 2 a minute
WORKSHOP_JOINS_PER_MINUTE = 60  # a room scanning the QR code at once
MAX_PARTICIPANTS = 300


class LimitReached(Exception):
    """Over a limit: nothing was written; `message` tells the participant what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Removed(Exception):
    """The facilitator removed this participant (or someone at their address)."""


def address_key(raw):
    try:
        ip = ipaddress.ip_address((raw or "").strip())
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip.exploded.split('%')[0]}/64", strict=False))
    return str(ip)


def client_address(request):
    """The key of the address a request came from (REMOTE_ADDR, or a trusted proxy's word)."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [a.strip() for a in forwarded if a.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return address_key(address)


def _per_address(limit):
    return limit * max(1, settings.WORKSHOP_PEOPLE_PER_ADDRESS)


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


# --- checks (called by workshops/services.py with the workshop's row locked) ---------------


def check_join(workshop, address):
    if Participant.objects.filter(
        workshop=workshop, address=address, removed_at__isnull=False
    ).exists():
        raise Removed
    joined = Participant.objects.filter(workshop=workshop)
    per_address = _per_address(JOINS_PER_ADDRESS_PER_HOUR)
    if joined.filter(address=address, joined_at__gte=_ago(hours=1)).count() >= per_address:
        raise LimitReached(
            _(
                "Too many people have joined from this network in the last hour. "
                "Ask the facilitator for help."
            )
        )
    if joined.count() >= MAX_PARTICIPANTS:
        raise LimitReached(
            _("This workshop is full (%(count)d people).") % {"count": MAX_PARTICIPANTS}
        )
    if joined.filter(joined_at__gte=_ago(minutes=1)).count() >= WORKSHOP_JOINS_PER_MINUTE:
        raise LimitReached(_("Many people are joining right now. Please try again in a minute."))


def check_note(workshop, participant, address):
    recent = Note.objects.filter(workshop=workshop, created_at__gte=_ago(minutes=1))
    again = _("Your note is still here; send it again in a moment.")
    if recent.filter(participant=participant).count() >= NOTES_PER_MINUTE:
        raise LimitReached(
            _("Slow down a little: at most %(count)d notes a minute.") % {"count": NOTES_PER_MINUTE}
            + " "
            + again
        )
    per_address = _per_address(NOTES_PER_MINUTE)
    if recent.filter(address=address).count() >= per_address:
        raise LimitReached(
            _("Slow down a little: at most %(count)d notes a minute from one network.")
            % {"count": per_address}
            + " "
            + again
        )
    if recent.count() >= WORKSHOP_NOTES_PER_MINUTE:
        raise LimitReached(
            _("The room is sending more notes than the facilitator can read.") + " " + again
        )


def check_vote(workshop, address):
    """The address's dots: as many as one person's allowance (times the people it stands for).
    The participant's own allowance is checked by the caller (NoVotesLeft, a different answer)."""
    allowance = _per_address(workshop.votes_per_participant)
    cast = Vote.objects.filter(participant__workshop=workshop, address=address).count()
    if cast >= allowance:
        raise LimitReached(
            ngettext(
                "This network has used its %(count)d vote in this workshop. "
                "Take one back to move it.",
                "This network has used all its %(count)d votes in this workshop. "
                "Take one back to move it.",
                allowance,
            )
            % {"count": allowance}
        )


# --- join codes ----------------------------------------------------------------------------


def guessing_codes(address):
    """True when `address` typed too many unknown codes in the last minute: refuse every code
    (even a right one, or the refusal itself would tell a guesser which codes exist)."""
    recent = FailedCode.objects.filter(address=address, created_at__gte=_ago(minutes=1))
    return recent.count() >= _per_address(CODE_GUESSES_PER_MINUTE)


def record_failed_code(address):
    FailedCode.objects.filter(created_at__lt=_ago(minutes=1)).delete()
    FailedCode.objects.create(address=address)


def code_guessing_message():
    return _(
        "Too many wrong workshop codes from this network. Wait a minute, then check the code "
        "on the screen and try again."
    )
