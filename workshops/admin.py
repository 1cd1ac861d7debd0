from django.contrib import admin

from journeys.admin import RecordedAdmin

from .models import FailedCode, Note, Participant, Vote, Workshop


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["display_name", "joined_at"]
    readonly_fields = ["joined_at"]


@admin.register(Workshop)
class WorkshopAdmin(RecordedAdmin):
    list_display = [
        "code",
        "journey",
        "moderated",
        "votes_per_participant",
        "started_at",
        "ended_at",
    ]
    list_select_related = ["journey"]
    search_fields = ["code", "journey__title"]
    inlines = [ParticipantInline]


@admin.register(Participant)
class ParticipantAdmin(RecordedAdmin):
    journey_via = ("workshop",)
    list_display = ["display_name", "workshop", "address", "joined_at", "removed_at"]
    list_select_related = ["workshop"]
    search_fields = ["display_name"]


@admin.register(Note)
class NoteAdmin(RecordedAdmin):
    journey_via = ("workshop",)
    list_display = ["text", "kind", "status", "participant", "workshop", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["participant", "workshop"]
    search_fields = ["text"]


@admin.register(Vote)
class VoteAdmin(RecordedAdmin):
    journey_via = ("card",)
    list_display = ["participant", "card", "created_at"]
    list_select_related = ["participant", "card"]


@admin.register(FailedCode)
class FailedCodeAdmin(admin.ModelAdmin):
    """Wrong join codes by address (the guessing throttle); delete rows to lift it early."""

    list_display = ["address", "created_at"]
    search_fields = ["address"]
    readonly_fields = ["address", "created_at"]

    def has_add_permission(self, request):
        return False
