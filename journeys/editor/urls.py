"""The editor's URLs, included by journeys/urls.py under the map's prefix."""

from django.urls import path

from . import axes, evidence, items, views

urlpatterns = [
    path("", views.detail, name="detail"),
    path("grid/", views.grid, name="grid"),
    path("details/", views.map_show, name="map_show"),
    path("details/edit/", views.map_edit, name="map_edit"),
    path("curve/", views.curve, name="curve"),
]

for axis in (axes.STAGES, axes.LANES):
    kw, name, prefix = {"axis": axis}, axis.name, f"{axis.name}s/"
    urlpatterns += [
        path(f"{prefix}add/", axes.add, kw, name=f"{name}_add"),
        path(f"{prefix}reorder/", axes.reorder, kw, name=f"{name}_reorder"),
        path(f"{prefix}<int:item>/", axes.show, kw, name=f"{name}_show"),
        path(f"{prefix}<int:item>/edit/", axes.edit, kw, name=f"{name}_edit"),
        path(f"{prefix}<int:item>/delete/", axes.delete, kw, name=f"{name}_delete"),
        path(f"{prefix}<int:item>/move/", axes.move, kw, name=f"{name}_move"),
    ]

urlpatterns += [
    path("cards/add/", items.card_add, name="card_add"),
    path("cards/<int:item>/", items.card_show, name="card_show"),
    path("cards/<int:item>/edit/", items.card_edit, name="card_edit"),
    path("cards/<int:item>/delete/", items.card_delete, name="card_delete"),
]

urlpatterns += [
    path("evidence/<int:evidence>/delete/", evidence.evidence_delete, name="evidence_delete"),
    path("to-validate/", evidence.to_validate, name="to_validate"),
]
for kind in evidence.BACKED:
    path_of = f"evidence/{kind}/<int:item>/"
    urlpatterns.append(
        path(path_of, evidence.evidence_add, {"kind": kind}, name=f"evidence_add_{kind}")
    )

for kind in items.MOVABLE:
    kw, prefix = {"kind": kind}, f"{kind}s/"
    urlpatterns += [
        path(f"{prefix}reorder/", items.reorder, kw, name=f"{kind}_reorder"),
        path(f"{prefix}<int:item>/move/", items.move, kw, name=f"{kind}_move"),
    ]
