from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workspaces.models import Workspace

from .numbers import FIGURE_BOUNDS


class Confidence(models.TextChoices):
    """Whether a card or touchpoint is backed by research; blank: not said. An item with
    evidence counts as observed unless someone marks it assumed (`confidence_of`)."""

    OBSERVED = "observed", _("Observed")
    ASSUMED = "assumed", _("Assumed")


def confidence_of(item, evidence_count):
    """ "observed", "assumed" or "" (unset) of a card or touchpoint, as readers see it."""
    if item.confidence:
        return item.confidence
    return Confidence.OBSERVED if evidence_count else ""


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
    # A future-state map made from a current-state one ("duplicate as future state").
    as_is = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="future_states"
    )
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
    confidence = models.CharField(max_length=10, choices=Confidence, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "lane", "position"], name="card_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__in=["", "observed", "assumed"]),
                name="card_confidence_valid",
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


class Evidence(models.Model):
    """A piece of research behind the map (spec: `evidence`): a quote, an observation, a
    survey result, a support theme or an analytics figure, and the stages, cards and
    touchpoints it backs. It belongs to one map for now; the links are plain many-to-many
    tables, so a research library can later let one item back several maps."""

    class Kind(models.TextChoices):
        QUOTE = "quote", _("Quote")
        OBSERVATION = "observation", _("Observation")
        SURVEY = "survey", _("Survey result")
        SUPPORT = "support", _("Support theme")
        ANALYTICS = "analytics", _("Analytics")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="evidence")
    position = models.IntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.QUOTE)
    text = models.TextField(max_length=2000)
    source = models.CharField(max_length=200, blank=True)  # "Interview 3", "NPS survey Q3"
    date = models.DateField(null=True, blank=True)
    respondents = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100_000_000)]
    )
    persona = models.ForeignKey(
        "personas.Persona",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
    )
    stages = models.ManyToManyField(Stage, related_name="evidence", blank=True)
    cards = models.ManyToManyField(Card, related_name="evidence", blank=True)
    touchpoints = models.ManyToManyField(
        "touchpoints.Touchpoint", related_name="evidence", blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "position"], name="evidence_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["quote", "observation", "survey", "support", "analytics"]
                ),
                name="evidence_kind_valid",
            ),
        ]

    def __str__(self):
        return self.text[:60]


class Change(models.Model):
    """Append-only log of changes to a map.

    Live views replay it by id (SSE Last-Event-ID); the history page shows it, and undo, redo
    and restore (history/services.py) reverse it. `before` and `after` are the rows the change
    touched, as journeys/snapshots.py writes them ({"card:12": {field: value} or null for "not
    there"}); null for a change that cannot be reversed (an import, a notice).
    """

    class Step(models.TextChoices):  # (not shown to people: no labels to translate)
        EDIT = ""
        UNDO = "undo"
        REDO = "redo"

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)  # e.g. "card.saved", "stage.deleted"
    target = models.CharField(max_length=60, blank=True)  # e.g. "card:12"
    actor = models.CharField(max_length=150, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # Where on the map, for the history's filters (plain ids: the stage may be gone since).
    stage_id = models.IntegerField(null=True, blank=True)
    lane_id = models.IntegerField(null=True, blank=True)
    # Undo and redo: a step reverses `reverts`; a change reversed since is `undone`.
    step = models.CharField(max_length=4, choices=Step, default=Step.EDIT, blank=True)
    reverts = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undone = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["journey", "id"]),
            models.Index(fields=["journey", "actor", "id"]),
            models.Index(fields=["journey", "stage_id", "id"]),
            models.Index(fields=["journey", "lane_id", "id"]),
            models.Index(fields=["at"]),
        ]

    def __str__(self):
        return f"{self.action} {self.target}"

    @property
    def reversible(self):
        return self.before is not None and self.after is not None
