from django.contrib import admin

from . import services
from .models import Card, Change, Evidence, Goal, Journey, JourneyPersona, Lane, Stage


class RecordedAdmin(admin.ModelAdmin):
    """Admin edits of a map's parts go to the map's change log, like every other write, so
    the live views and the history hear of them."""

    journey_via = ()  # attributes leading from the object to one with a journey_id

    def journey_id(self, obj):
        for attr in self.journey_via:
            obj = getattr(obj, attr)
        return obj.pk if isinstance(obj, Journey) else obj.journey_id

    def _record(self, request, obj, verb, journey_id=None, target=None):
        journey_id = self.journey_id(obj) if journey_id is None else journey_id
        actor = request.user.get_username()
        services.record(obj, verb, actor, target=target, journey_id=journey_id)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._record(request, obj, "saved" if change else "created")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            self._record(request, form.instance, "saved")

    def delete_model(self, request, obj):
        # A deleted map takes its log with it; anything else is logged on its map.
        journey_id, target = self.journey_id(obj), f"{services.label(obj)}:{obj.pk}"
        super().delete_model(request, obj)
        if not isinstance(obj, Journey):
            self._record(request, obj, "deleted", journey_id, target)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


class LaneInline(admin.TabularInline):
    model = Lane
    extra = 0


class JourneyPersonaInline(admin.TabularInline):
    model = JourneyPersona
    extra = 0


@admin.register(Journey)
class JourneyAdmin(RecordedAdmin):
    list_display = ["title", "kind", "locale", "owner", "updated_at"]
    list_filter = ["kind", "locale"]
    search_fields = ["title", "description"]
    inlines = [StageInline, LaneInline, JourneyPersonaInline]


@admin.register(JourneyPersona)
class JourneyPersonaAdmin(RecordedAdmin):
    list_display = ["journey", "persona", "position"]
    list_select_related = ["journey", "persona"]


@admin.register(Stage)
class StageAdmin(RecordedAdmin):
    list_display = ["name", "journey", "position", "phase"]
    list_select_related = ["journey"]


@admin.register(Lane)
class LaneAdmin(RecordedAdmin):
    list_display = ["title", "kind", "journey", "position"]
    list_select_related = ["journey"]


@admin.register(Card)
class CardAdmin(RecordedAdmin):
    list_display = ["text", "journey", "stage", "lane", "votes", "confidence"]
    list_select_related = ["journey", "stage", "lane"]
    search_fields = ["text"]


@admin.register(Evidence)
class EvidenceAdmin(RecordedAdmin):
    list_display = ["text", "kind", "journey", "source", "date", "respondents"]
    list_filter = ["kind"]
    list_select_related = ["journey"]
    search_fields = ["text", "source"]
    raw_id_fields = ["persona", "stages", "cards", "touchpoints"]


@admin.register(Goal)
class GoalAdmin(RecordedAdmin):
    list_display = ["text", "kind", "journey", "metric", "target", "current"]
    list_select_related = ["journey"]


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ["id", "journey", "action", "target", "actor", "at"]
    list_select_related = ["journey"]
