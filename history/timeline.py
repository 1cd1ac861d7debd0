"""The history page's timeline: a page of a map's changes, newest first, grouped into runs of
one person's changes (each within RUN_GAP of the next), with the named versions between them.

Everything shown comes from the changes' own rows (their `before` and `after`), so a page
costs the same few queries however long the history grows.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from journeys.versioning import CONFLICT_SUBJECTS

RUN_GAP = timedelta(minutes=10)
SHOWN_FIELDS = 3  # field changes listed per change; more are counted
NAME_FIELDS = ("text", "title", "name")
HIDDEN_FIELDS = {"position", "journey_id", "stage_id", "lane_id", "touchpoint_id", "source_id"}

VERBS = {
    "created": _("Added"),
    "saved": _("Edited"),
    "deleted": _("Deleted"),
    "moved": _("Moved"),
    "reordered": _("Reordered"),
    "imported": _("Created the map"),
    "measured": _("Recorded a measurement"),
    "linked": _("Linked"),
    "attached": _("Added"),
    "detached": _("Took off"),
    "restored": _("Restored a version"),
    "undone": _("Undid a change"),
    "redone": _("Redid a change"),
}
SUBJECTS = {
    **CONFLICT_SUBJECTS,
    "journey": CONFLICT_SUBJECTS["map"],
    "journeypersona": CONFLICT_SUBJECTS["persona"],
}


@dataclass
class Entry:
    change: object
    verb: str
    subject: str
    name: str
    fields: list  # [(field, before, after)]
    more: int = 0


@dataclass
class Run:
    actor: str
    entries: list = field(default_factory=list)

    @property
    def first(self):
        return self.entries[-1].change.at

    @property
    def last(self):
        return self.entries[0].change.at


def _short(value, length=60):
    text = "" if value is None else str(value)
    return text if len(text) <= length else text[: length - 1] + "…"


# Field names as the forms show them (the models' own are untranslated).
FIELD_LABELS = {
    "text": _("Text"),
    "title": _("Title"),
    "name": _("Name"),
    "description": _("Description"),
    "channel": _("Channel"),
    "sentiment": _("Sentiment"),
    "emotion": _("Emotion"),
    "persona_id": _("Persona"),
    "owner": _("Owner"),
    "goal": _("Goal"),
    "votes": _("Votes"),
    "phase": _("Phase"),
    "kind": _("Kind"),
    "metric": _("Metric"),
    "target": _("Target"),
    "current": _("Current value"),
    "value": _("Value"),
    "unit": _("Unit"),
    "locale": _("Language"),
}


def describe(change):
    model, _, verb = change.action.partition(".")
    before, after = change.before or {}, change.after or {}
    rows = [r for r in (*after.values(), *before.values()) if r]
    own = after.get(change.target) or before.get(change.target) or next(iter(rows), None) or {}
    name = next((own[n] for n in NAME_FIELDS if own.get(n)), "")
    if change.action == "history.restored":  # (its rows are the whole map: no one name)
        name = ""
    fields = []
    if verb == "saved" and change.target in (change.before or {}):
        old, new = change.before.get(change.target) or {}, change.after.get(change.target) or {}
        fields = [
            (FIELD_LABELS.get(k, k), _short(old.get(k)), _short(new.get(k)))
            for k in new
            if old.get(k) != new.get(k) and k not in HIDDEN_FIELDS
        ]
    if model == "journey" and verb in ("created", "imported"):
        verb, model = "imported", "history"  # "Created the map": no subject after it
    entry = Entry(
        change,
        VERBS.get(verb, verb),
        SUBJECTS.get(model, "") if model != "history" else "",
        _short(name),
        fields[:SHOWN_FIELDS],
        max(0, len(fields) - SHOWN_FIELDS),
    )
    return entry


def timeline(changes, versions):
    """[Run or Version], newest first: `changes` (newest first) grouped into runs, each named
    version placed after the newest change it includes."""
    items, run = [], None
    versions = sorted(versions, key=lambda v: v.change_id, reverse=True)
    for change in changes:
        while versions and versions[0].change_id >= change.pk:
            items.append(versions.pop(0))
            run = None
        if run is None or run.actor != change.actor or run.first - change.at > RUN_GAP:
            run = Run(change.actor)
            items.append(run)
        run.entries.append(describe(change))
    return items
