from django.contrib import admin

from .models import ShareLink


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["journey", "kind", "created_by", "created_at", "expires_at", "revoked_at"]
    exclude = ["token_hash", "password"]

    def has_add_permission(self, request):
        return False  # made from the app, which sends its token once
