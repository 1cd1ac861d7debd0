from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.across_maps, name="across"),
    path("journeys/<int:pk>/insights/", views.map_insights, name="map"),
    path("journeys/<int:pk>/insights/readings/", views.reading_add, name="reading_add"),
    path(
        "journeys/<int:pk>/insights/readings/<int:metric_pk>/remove/",
        views.reading_remove,
        name="reading_remove",
    ),
]
