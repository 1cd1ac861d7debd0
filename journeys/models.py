from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workspaces.models import Workspace

from .numbers import FIGURE_BOUNDS


class Journey(models.Model):
    """A customer journey map: stages across the top, lanes down the side."""

    class Kind(models.TextChoices):
        CURRENT_STATE = "current_state", _("Current state")
        FUTURE_STATE = "future_state", _("Future state")
        DAY_IN_THE_LIFE = "day_in_the_life", _("Day in the life")
        SERVICE_BLUEPRINT = "service_blueprint", _("Service blueprint")

    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.CURRENT_STATE)
    locale = models.CharField(max_length=35, blank=True)
    # Who made the map; who may see or change it is the workspace's business (journeys/access.py).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journeys"
    )
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="journeys"
    )
    personas = models.ManyToManyField(
        "personas.Persona", through="JourneyPersona", related_name="journeys", blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-updated_at"]),
            models.Index(fields=["workspace", "-updated_at"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A map made without a workspace goes to its maker's personal one.
        if self.workspace_id is None:
            self.workspace = Workspace.personal(self.owner)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("journeys:detail", args=[self.pk])


class JourneyPersona(models.Model):
    """A persona attached to a map, in the map's persona order."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="persona_links")
    persona = models.ForeignKey(
        "personas.Persona", on_delete=models.CASCADE, related_name="journey_links"
    )
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "persona"], name="journeypersona_unique"),
            models.UniqueConstraint(
                fields=["journey", "position"], name="journeypersona_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.persona_id} on {self.journey_id}"


class Stage(models.Model):
    """A column of the map, left to right by position."""

    class Phase(models.TextChoices):
        PRE_SALE = "pre_sale", _("Pre-sale")
        SALE = "sale", _("Sale")
        POST_SALE = "post_sale", _("Post-sale")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="stages")
    position = models.IntegerField(default=0)
    name = models.CharField(max_length=80)
    description = models.TextField(max_length=2000, blank=True)
    # Free text in the format; the editor offers the three phases above.
    phase = models.CharField(max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "position"], name="stage_position_unique")
        ]

    def __str__(self):
        return self.name


class Lane(models.Model):
    """A row of the map, top to bottom by position."""

    class Kind(models.TextChoices):
        ACTIONS = "actions", _("Actions")
        THOUGHTS = "thoughts", _("Thoughts & questions")
        EMOTIONS = "emotions", _("Emotions")
        TOUCHPOINTS = "touchpoints", _("Touchpoints")
        PAIN_POINTS = "pain_points", _("Pain points")
        OPPORTUNITIES = "opportunities", _("Opportunities")
        GOALS = "goals", _("Goals")
        BACKSTAGE = "backstage", _("Backstage")
        STORYBOARD = "storyboard", _("Storyboard")
        TEXT = "text", _("Free text")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="lanes")
    position = models.IntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.TEXT)
    title = models.CharField(max_length=80)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "position"], name="lane_position_unique")
        ]

    def __str__(self):
        return self.title


class Card(models.Model):
    """A free-text note in one cell (stage x lane), ordered within the cell."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="cards")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="cards")
    lane = models.ForeignKey(Lane, on_delete=models.CASCADE, related_name="cards")
    position = models.IntegerField(default=0)
    text = models.TextField(max_length=2000)
    persona = models.ForeignKey(
        "personas.Persona", on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    votes = models.IntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "lane", "position"], name="card_position_unique"
            ),
            models.CheckConstraint(condition=models.Q(votes__gte=0), name="card_votes_gte_0"),
        ]
        indexes = [models.Index(fields=["journey", "stage", "lane", "position"])]

    def __str__(self):
        return self.text[:60]


class Goal(models.Model):
    """A business or customer goal of the whole map, one stage or one touchpoint."""

    class Kind(models.TextChoices):
        BUSINESS = "business", _("Business")
        CUSTOMER = "customer", _("Customer")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="goals")
    position = models.IntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.BUSINESS)
    text = models.CharField(max_length=500)
    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, null=True, blank=True, related_name="goals"
    )
    touchpoint = models.ForeignKey(
        "touchpoints.Touchpoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="goals",
    )
    metric = models.CharField(max_length=80, blank=True)
    target = models.FloatField(null=True, blank=True, validators=FIGURE_BOUNDS)
    current = models.FloatField(null=True, blank=True, validators=FIGURE_BOUNDS)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "position"], name="goal_position_unique"),
            models.CheckConstraint(
                condition=models.Q(stage__isnull=True) | models.Q(touchpoint__isnull=True),
                name="goal_one_scope",
            ),
        ]

    def __str__(self):
        return self.text


class Change(models.Model):
    """Append-only log of changes to a map.

    Live views replay it by id (SSE Last-Event-ID); it can later feed an activity list and undo.
    """

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)  # e.g. "card.saved", "stage.deleted"
    target = models.CharField(max_length=60, blank=True)  # e.g. "card:12"
    actor = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["journey", "id"])]

    def __str__(self):
        return f"{self.action} {self.target}"
