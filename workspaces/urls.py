from django.urls import include, path

from . import views

app_name = "workspaces"

member_urlpatterns = [
    path("", views.members, name="members"),
    path("invite/", views.member_invite, name="invite"),
    path("<int:member_pk>/role/", views.member_role, name="member_role"),
    path("<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("invitations/<int:invitation_pk>/revoke/", views.invitation_revoke, name="revoke"),
]

urlpatterns = [
    path("switch/", views.switch_workspace, name="switch"),
    path("new/", views.workspace_new, name="new"),
    path("<int:pk>/members/", include(member_urlpatterns)),
    path("invitations/<str:token>/", views.accept, name="accept"),
]
