from django.contrib import admin

from .models import TeamTemplate


@admin.register(TeamTemplate)
class TeamTemplateAdmin(admin.ModelAdmin):
    """To look a template up and rename or delete it; its document is written only by saving a
    map as a template (gallery/services.py), so it is read-only here."""

    list_display = ["name", "owner", "with_content", "created_at"]
    list_filter = ["with_content"]
    search_fields = ["name", "owner__username"]
    readonly_fields = ["owner", "document", "digest", "with_content", "created_at"]

    def has_add_permission(self, request):
        return False
