"""The maps' URLs: the list and the import (a new map: gallery/urls.py), then everything about
one map under its prefix `journeys/<id>/`, each feature's group included from the module that
serves it."""

from django.urls import include, path

from . import live, present, views
from .editor import urls as editor_urls
from .goals import goal_urlpatterns
from .pdf_export import pdf_urlpatterns

app_name = "journeys"

map_urlpatterns = [
    # The map editor (journeys/editor/).
    path("", include(editor_urls)),
    # Goals of the map, a stage or a touchpoint (journeys/goals.py).
    path("goals/", include(goal_urlpatterns)),
    # Live updates and the projector view (journeys/live.py, journeys/present.py).
    path("events/", live.events, name="events"),
    path("present/", present.present, name="present"),
    # Exports: the interchange format and CSV (journeys/views.py), PDF (journeys/pdf_export.py).
    path("export.json", views.export_json, name="export_json"),
    path("export.csv", views.export_csv_view, name="export_csv"),
    path("", include(pdf_urlpatterns)),
    path("duplicate/", views.journey_duplicate, name="duplicate"),
    path("delete/", views.journey_delete, name="delete"),
]

urlpatterns = [
    path("", views.journey_list, name="list"),
    path("journeys/", views.journey_list),
    path("journeys/import/", views.journey_import, name="import"),
    path("persona-colours.css", views.persona_colours_css, name="persona_colours_css"),
    path("live/events/", live.shared_events, name="shared_events"),
    path("journeys/<int:pk>/", include(map_urlpatterns)),
]
