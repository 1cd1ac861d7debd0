from django.contrib import admin

from .models import Version


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["id", "journey", "name", "author", "created_at"]
    list_select_related = ["journey", "author"]
    readonly_fields = ["journey", "author", "created_at", "change_id", "document"]
