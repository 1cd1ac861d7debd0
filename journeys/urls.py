from django.urls import path

from . import views
from .goals import goal_urlpatterns

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
]

# Goals of the map, a stage or a touchpoint (journeys/goals.py).
urlpatterns += goal_urlpatterns
