"""Everything under accounts/: contrib.auth's logout and password views; login, the password
reset form and sign-up are the app's own (accounts/views.py).

No app_name: contrib.auth's URL names (`login`, `logout`, …) and `signup` stay global.
"""

from django.urls import include, path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("password_reset/", views.password_reset, name="password_reset"),
    path("", include("django.contrib.auth.urls")),
    path("signup/", views.signup, name="signup"),
]
