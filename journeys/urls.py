from django.urls import include, path

from . import live, present, views
from .editor import urls as editor_urls
from .goals import goal_urlpatterns
from .pdf import pdf_urlpatterns

app_name = "journeys"

urlpatterns = [
    path("", views.journey_list, name="list"),
    path("journeys/", views.journey_list),
    path("journeys/new/", views.journey_new, name="new"),
    path("journeys/import/", views.journey_import, name="import"),
    path("journeys/<int:pk>/export.json", views.export_json, name="export_json"),
    path("journeys/<int:pk>/export.csv", views.export_csv_view, name="export_csv"),
    path("journeys/<int:pk>/duplicate/", views.journey_duplicate, name="duplicate"),
    path("journeys/<int:pk>/delete/", views.journey_delete, name="delete"),
    # The map editor (journeys/editor/).
    path("journeys/<int:pk>/", include(editor_urls)),
]

# Goals of the map, a stage or a touchpoint (journeys/goals.py).
urlpatterns += goal_urlpatterns

# Live updates and the projector view (journeys/live.py, journeys/present.py).
urlpatterns += [
    path("journeys/<int:pk>/events/", live.events, name="events"),
    path("journeys/<int:pk>/present/", present.present, name="present"),
]

# PDF export (journeys/pdf.py).
urlpatterns += pdf_urlpatterns
