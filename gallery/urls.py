"""The gallery's URLs: "New map" and the template pages, and saving a map as a template (under
the map's own prefix)."""

from django.urls import path

from . import views

app_name = "gallery"

urlpatterns = [
    path("journeys/new/", views.new_map, name="new"),
    path("journeys/new/<str:slug>/", views.preview, name="preview"),
    path("journeys/templates/<int:pk>/", views.team_template, name="team_template"),
    path(
        "journeys/templates/<int:pk>/rename/",
        views.team_template_rename,
        name="team_template_rename",
    ),
    path(
        "journeys/templates/<int:pk>/delete/",
        views.team_template_delete,
        name="team_template_delete",
    ),
    path("journeys/<int:pk>/save-as-template/", views.save_as_template, name="save"),
]
