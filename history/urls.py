"""The history's URLs, under the map's prefix journeys/<id>/."""

from django.urls import include, path

from . import views

app_name = "history"

map_urlpatterns = [
    path("history/", views.history_page, name="page"),
    path("history/versions/save/", views.version_save, name="version_save"),
    path("history/versions/<int:version>/restore/", views.version_restore, name="version_restore"),
    path("history/undo/", views.undo, name="undo"),
    path("history/redo/", views.redo, name="redo"),
    path("compare/", views.compare_page, name="compare"),
    path("compare.pdf", views.compare_pdf, name="compare_pdf"),
    path("duplicate-future/", views.duplicate_future, name="duplicate_future"),
]

urlpatterns = [path("journeys/<int:pk>/", include(map_urlpatterns))]
