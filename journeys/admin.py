from django.contrib import admin

from .models import Card, Change, Goal, Journey, JourneyPersona, Lane, Stage


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
class JourneyAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "locale", "owner", "updated_at"]
    list_filter = ["kind", "locale"]
    search_fields = ["title", "description"]
    inlines = [StageInline, LaneInline, JourneyPersonaInline]


@admin.register(JourneyPersona)
class JourneyPersonaAdmin(admin.ModelAdmin):
    list_display = ["journey", "persona", "position"]
    list_select_related = ["journey", "persona"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name", "journey", "position", "phase"]
    list_select_related = ["journey"]


@admin.register(Lane)
class LaneAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "journey", "position"]
    list_select_related = ["journey"]


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["text", "journey", "stage", "lane", "votes"]
    list_select_related = ["journey", "stage", "lane"]
    search_fields = ["text"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "journey", "metric", "target", "current"]
    list_select_related = ["journey"]


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ["id", "journey", "action", "target", "actor", "at"]
    list_select_related = ["journey"]
