"""Sign-up, and the page django-axes shows when too many wrong passwords lock a login out.

Logging in and out and the password reset are contrib.auth's own views (accounts/urls.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import SignupForm


def signup(request):
    """Create an account, log it in and open the map list."""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Two backends are configured (axes' and the model's): say which one logs this user in.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome, %(name)s.") % {"name": user.username})
        return redirect("journeys:list")
    return render(request, "registration/signup.html", {"form": form})


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page in the app's own look, 429 Too Many Requests.
    It names the wait, not the user name or how many tries are left."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
