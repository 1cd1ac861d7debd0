"""A workshop's URLs: the facilitator's panel under the map's prefix, and the participants'
pages under w/<code>/ (short, for typing from a projected slide or a QR code)."""

from django.urls import include, path

from . import views

app_name = "workshops"

note_urlpatterns = [
    path("accept/", views.note_accept, name="note_accept"),
    path("edit/", views.note_edit, name="note_edit"),
    path("merge/", views.note_merge, name="note_merge"),
    path("delete/", views.note_delete, name="note_delete"),
]

panel_urlpatterns = [
    path("", views.panel, name="panel"),
    path("queue/", views.queue, name="queue"),
    path("start/", views.start, name="start"),
    path("settings/", views.update_settings, name="settings"),
    path("end/", views.end, name="end"),
    path("notes/<int:note_id>/", include(note_urlpatterns)),
    path(
        "participants/<int:participant_id>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
]

participant_urlpatterns = [
    path("", views.participant, name="participant"),
    path("events/", views.events, name="events"),
    path("notes/", views.add_note, name="add_note"),
    path("notes/<int:note_id>/delete/", views.delete_note, name="delete_note"),
    path("cards/<int:card_id>/vote/", views.vote, name="vote"),
]

urlpatterns = [
    path("journeys/<int:pk>/workshop/", include(panel_urlpatterns)),
    path("w/", views.enter_code, name="enter_code"),
    path("w/<str:code>/", include(participant_urlpatterns)),
]
