from django.conf import settings
from django.db import models

from workspaces.models import Workspace


class Persona(models.Model):
    """A customer archetype of a workspace, reusable across that workspace's maps."""

    owner = models.ForeignKey(  # who made it
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personas"
    )
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="personas"
    )
    name = models.CharField(max_length=120)
    segment = models.CharField(max_length=120, blank=True)
    age = models.CharField(max_length=40, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    quote = models.CharField(max_length=500, blank=True)
    # Lists of short texts, as in the interchange format.
    goals = models.JSONField(default=list, blank=True)
    pain_points = models.JSONField(default=list, blank=True)
    motivations = models.JSONField(default=list, blank=True)
    channels = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["owner", "name"]),
            models.Index(fields=["workspace", "name"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A persona made without a workspace goes to its maker's personal one.
        if self.workspace_id is None:
            self.workspace = Workspace.personal(self.owner)
        super().save(*args, **kwargs)
