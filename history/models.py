import json

from django.conf import settings
from django.db import models


class Version(models.Model):
    """A named version of a map: its interchange document at that moment (journeys/
    interchange.py), kept however old the change log gets (see prune_history)."""

    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, related_name="named_versions"
    )
    name = models.CharField(max_length=120)
    note = models.TextField(max_length=2000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The newest change the version includes: where it sits on the history's timeline.
    change_id = models.IntegerField(default=0)
    # The document as JSON text (journeys.interchange.dumps), not a JSONField: PostgreSQL's
    # jsonb reorders keys, and a restore must give back the very same document.
    document = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["journey", "-created_at"])]

    def __str__(self):
        return self.name

    def doc(self):
        return json.loads(self.document)
