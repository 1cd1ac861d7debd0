"""Everything under accounts/: contrib.auth's login, logout and password views, and sign-up.

No app_name: contrib.auth's URL names (`login`, `logout`, …) and `signup` stay global.
"""

from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("django.contrib.auth.urls")),
    path("signup/", views.signup, name="signup"),
]
