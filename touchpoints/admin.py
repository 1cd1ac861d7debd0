from django.contrib import admin

from journeys.admin import RecordedAdmin

from .models import Metric, Touchpoint, TouchpointLink


class MetricInline(admin.TabularInline):
    model = Metric
    extra = 0


class TouchpointLinkInline(admin.TabularInline):
    model = TouchpointLink
    fk_name = "source"
    extra = 0


@admin.register(Touchpoint)
class TouchpointAdmin(RecordedAdmin):
    list_display = ["title", "journey", "stage", "channel", "sentiment", "emotion"]
    list_select_related = ["journey", "stage"]
    list_filter = ["sentiment", "channel"]
    search_fields = ["title", "description"]
    inlines = [MetricInline, TouchpointLinkInline]


@admin.register(TouchpointLink)
class TouchpointLinkAdmin(RecordedAdmin):
    journey_via = ("source",)
    list_display = ["source", "target", "position"]
    list_select_related = ["source", "target"]


@admin.register(Metric)
class MetricAdmin(RecordedAdmin):
    journey_via = ("touchpoint",)
    list_display = ["name", "touchpoint", "value", "target", "unit"]
    list_select_related = ["touchpoint"]
