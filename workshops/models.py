"""A live workshop on one map: people join with a code, add notes and spend dot votes."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: codes are read off a wall and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Workshop(models.Model):
    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, related_name="workshops"
    )
    code = models.CharField(max_length=CODE_LENGTH, unique=True)
    # 0: no voting in this workshop.
    votes_per_participant = models.PositiveSmallIntegerField(default=3)
    # True: notes wait for the facilitator's approval; False: they appear on the map at once.
    moderated = models.BooleanField(default=True)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["journey"], condition=Q(ended_at__isnull=True), name="one_open_workshop"
            )
        ]

    def __str__(self):
        return f"{self.code} on {self.journey_id}"

    @property
    def is_open(self):
        return self.ended_at is None


class Participant(models.Model):
    """Someone who joined from a phone: a display name, remembered by their session."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(max_length=40)
    session_key = models.CharField(max_length=40)
    # The network address the participant joined from (workshops/limits.py: address_key).
    address = models.CharField(max_length=64, blank=True, default="")
    joined_at = models.DateTimeField(auto_now_add=True)
    # Set when the facilitator removed them: the row stays, so this session (and new ones from
    # the same address) cannot join again.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "session_key"], name="one_participant_per_session"
            )
        ]
        indexes = [models.Index(fields=["workshop", "address"])]

    def __str__(self):
        return self.display_name

    @property
    def is_removed(self):
        return self.removed_at is not None


class Note(models.Model):
    """A participant's note for one cell of the map; a card once the facilitator accepts it."""

    class Kind(models.TextChoices):
        PAIN_POINT = "pain_point", _("Pain point")
        IDEA = "idea", _("Idea")
        QUESTION = "question", _("Question")
        ACTION = "action", _("Action")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACCEPTED = "accepted", _("On the map")
        MERGED = "merged", _("Merged into another note")
        DELETED = "deleted", _("Not used")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="notes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notes")
    stage = models.ForeignKey("journeys.Stage", on_delete=models.CASCADE, related_name="+")
    lane = models.ForeignKey("journeys.Lane", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.IDEA)
    text = models.CharField(max_length=280)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    card = models.ForeignKey(
        "journeys.Card", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.CharField(max_length=64, blank=True, default="")  # where it was sent from
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["workshop", "status"]),
            models.Index(fields=["participant", "created_at"]),
            models.Index(fields=["workshop", "created_at"]),
        ]

    def __str__(self):
        return self.text[:60]


class Vote(models.Model):
    """One dot a participant put on a card (several dots on one card are allowed)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    card = models.ForeignKey("journeys.Card", on_delete=models.CASCADE, related_name="dots")
    address = models.CharField(max_length=64, blank=True, default="")  # where it was cast from
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.participant_id} -> {self.card_id}"


class FailedCode(models.Model):
    """A join code that matched no workshop, by address: the throttle on guessing codes counts
    these (workshops/limits.py). Rows older than the throttle's window are deleted as new ones
    come in, so the table stays small."""

    address = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address", "created_at"])]

    def __str__(self):
        return f"{self.address} at {self.created_at}"
