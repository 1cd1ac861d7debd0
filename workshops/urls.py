from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("journeys/<int:pk>/workshop/", views.panel, name="panel"),
    path("journeys/<int:pk>/workshop/queue/", views.queue, name="queue"),
    path("journeys/<int:pk>/workshop/start/", views.start, name="start"),
    path("journeys/<int:pk>/workshop/settings/", views.update_settings, name="settings"),
    path("journeys/<int:pk>/workshop/end/", views.end, name="end"),
    path(
        "journeys/<int:pk>/workshop/notes/<int:note_id>/accept/",
        views.note_accept,
        name="note_accept",
    ),
    path("journeys/<int:pk>/workshop/notes/<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path(
        "journeys/<int:pk>/workshop/notes/<int:note_id>/merge/",
        views.note_merge,
        name="note_merge",
    ),
    path(
        "journeys/<int:pk>/workshop/notes/<int:note_id>/delete/",
        views.note_delete,
        name="note_delete",
    ),
    path("w/", views.enter_code, name="enter_code"),
    path("w/<str:code>/", views.participant, name="participant"),
    path("w/<str:code>/notes/", views.add_note, name="add_note"),
    path("w/<str:code>/notes/<int:note_id>/delete/", views.delete_note, name="delete_note"),
    path("w/<str:code>/cards/<int:card_id>/vote/", views.vote, name="vote"),
]
