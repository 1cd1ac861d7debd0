from django.urls import path

from . import editor, live, present, views
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
    # The map editor (journeys/editor.py).
    path("journeys/<int:pk>/", editor.detail, name="detail"),
    path("journeys/<int:pk>/grid/", editor.grid, name="grid"),
    path("journeys/<int:pk>/details/", editor.map_show, name="map_show"),
    path("journeys/<int:pk>/details/edit/", editor.map_edit, name="map_edit"),
    path("journeys/<int:pk>/curve/", editor.curve, name="curve"),
    path("journeys/<int:pk>/stages/add/", editor.stage_add, name="stage_add"),
    path("journeys/<int:pk>/stages/reorder/", editor.stage_reorder, name="stage_reorder"),
    path("journeys/<int:pk>/stages/<int:item>/", editor.stage_show, name="stage_show"),
    path("journeys/<int:pk>/stages/<int:item>/edit/", editor.stage_edit, name="stage_edit"),
    path("journeys/<int:pk>/stages/<int:item>/delete/", editor.stage_delete, name="stage_delete"),
    path("journeys/<int:pk>/stages/<int:item>/move/", editor.stage_move, name="stage_move"),
    path("journeys/<int:pk>/lanes/add/", editor.lane_add, name="lane_add"),
    path("journeys/<int:pk>/lanes/reorder/", editor.lane_reorder, name="lane_reorder"),
    path("journeys/<int:pk>/lanes/<int:item>/", editor.lane_show, name="lane_show"),
    path("journeys/<int:pk>/lanes/<int:item>/edit/", editor.lane_edit, name="lane_edit"),
    path("journeys/<int:pk>/lanes/<int:item>/delete/", editor.lane_delete, name="lane_delete"),
    path("journeys/<int:pk>/lanes/<int:item>/move/", editor.lane_move, name="lane_move"),
    path("journeys/<int:pk>/cards/add/", editor.card_add, name="card_add"),
    path("journeys/<int:pk>/cards/reorder/", editor.card_reorder, name="card_reorder"),
    path("journeys/<int:pk>/cards/<int:item>/", editor.card_show, name="card_show"),
    path("journeys/<int:pk>/cards/<int:item>/edit/", editor.card_edit, name="card_edit"),
    path("journeys/<int:pk>/cards/<int:item>/delete/", editor.card_delete, name="card_delete"),
    path("journeys/<int:pk>/cards/<int:item>/move/", editor.card_move, name="card_move"),
    path(
        "journeys/<int:pk>/touchpoints/reorder/",
        editor.touchpoint_reorder,
        name="touchpoint_reorder",
    ),
    path(
        "journeys/<int:pk>/touchpoints/<int:item>/move/",
        editor.touchpoint_move,
        name="touchpoint_move",
    ),
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
