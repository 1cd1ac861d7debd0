from django.db import models
from django.utils.translation import gettext_lazy as _

from journeys.models import Confidence
from journeys.numbers import FIGURE_BOUNDS


class Touchpoint(models.Model):
    """A moment where customer and brand meet, in one stage (and a touchpoints lane)."""

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")

    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, related_name="touchpoints"
    )
    stage = models.ForeignKey(
        "journeys.Stage", on_delete=models.CASCADE, related_name="touchpoints"
    )
    lane = models.ForeignKey("journeys.Lane", on_delete=models.CASCADE, related_name="touchpoints")
    # Order within the stage; the map lists touchpoints by (stage, position).
    position = models.IntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    channel = models.CharField(max_length=60, blank=True)
    sentiment = models.CharField(max_length=10, choices=Sentiment, default=Sentiment.NEUTRAL)
    emotion = models.SmallIntegerField(default=0)
    persona = models.ForeignKey(
        "personas.Persona",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="touchpoints",
    )
    owner = models.CharField(max_length=120, blank=True)  # the team that owns this moment
    goal = models.CharField(max_length=500, blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence, blank=True)
    next = models.ManyToManyField(
        "self",
        through="TouchpointLink",
        symmetrical=False,
        related_name="previous",
        blank=True,
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "position"], name="touchpoint_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(emotion__gte=-3, emotion__lte=3), name="touchpoint_emotion_range"
            ),
            models.CheckConstraint(
                condition=models.Q(sentiment__in=["positive", "neutral", "negative"]),
                name="touchpoint_sentiment_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__in=["", "observed", "assumed"]),
                name="touchpoint_confidence_valid",
            ),
        ]
        indexes = [models.Index(fields=["journey", "stage", "position"])]

    def __str__(self):
        return self.title


class TouchpointLink(models.Model):
    """`next`: customers go on from source to target. Links may go backwards and form cycles."""

    source = models.ForeignKey(Touchpoint, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Touchpoint, on_delete=models.CASCADE, related_name="links_in")
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="touchpointlink_unique"),
        ]

    def __str__(self):
        return f"{self.source_id} -> {self.target_id}"


def sorted_history(readings):
    """A metric's history as stored: oldest first, one reading per date (the last given wins)."""
    by_date = {r["date"]: float(r["value"]) for r in readings}
    return [{"date": d, "value": by_date[d]} for d in sorted(by_date)]


class Metric(models.Model):
    """A measured figure for a touchpoint (NPS, CSAT, conversion rate, ...)."""

    touchpoint = models.ForeignKey(Touchpoint, on_delete=models.CASCADE, related_name="metrics")
    position = models.IntegerField(default=0)
    name = models.CharField(max_length=80)
    value = models.FloatField(null=True, blank=True, validators=FIGURE_BOUNDS)
    target = models.FloatField(null=True, blank=True, validators=FIGURE_BOUNDS)
    unit = models.CharField(max_length=20, blank=True)
    # Dated measurements, oldest first: [{"date": "2026-11-01", "value": 41}, ...], one per
    # date, as in the interchange format; the insights page draws them against the target.
    history = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name
