"""Team templates: a map saved as a template by a member of its workspace, to start new maps
from.

A team template is an interchange document (journeys/interchange.py), the same as a shipped
template or an import, so one path makes maps from all of them. It belongs to the workspace of
the map it was saved from; `owner` is who saved it. Who may see, use, rename or delete one is
their role in that workspace (gallery/access.py).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from journeys.catalog import LANGUAGE_NAMES

KEY_PREFIX = "team-"


class TeamTemplate(models.Model):
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="team_templates"
    )
    # Who saved it (shown on its card); the workspace's members share it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_templates"
    )
    name = models.CharField(_("Name"), max_length=200)
    document = models.JSONField()
    # sha256 of the document as dumped: what its cached previews are keyed by. The document
    # never changes after saving (renaming changes the name only).
    digest = models.CharField(max_length=64)
    with_content = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("gallery:team_template", args=[self.pk])

    # What the gallery shows of any template (journeys.catalog.MapTemplate has the same).

    @property
    def key(self):
        """What the new-map form posts to start from this template."""
        return f"{KEY_PREFIX}{self.pk}"

    @property
    def doc(self):
        return self.document

    @property
    def description(self):
        return self.document.get("description", "")

    @property
    def lang(self):
        return self.document.get("locale", "").split("-")[0]

    @property
    def language(self):
        return LANGUAGE_NAMES.get(self.lang, self.lang)

    @property
    def stages(self):
        return [stage["name"] for stage in self.document["stages"]]
