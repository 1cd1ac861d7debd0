"""Sign-up, login with the account's language, the language switcher, and the page django-axes
shows when too many wrong passwords lock a login out.

Logging out and the password pages are contrib.auth's own views (accounts/urls.py)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from workspaces.models import Workspace

from .forms import PasswordResetForm, SignupForm
from .models import Profile


def signup(request):
    """Create an account, log it in and open the map list. The language the page was in is
    saved as the account's: the e-mails it gets later are in it too."""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        Profile.remember(user, request.LANGUAGE_CODE)
        Workspace.personal(user)
        # Two backends are configured (axes' and the model's): say which one logs this user in.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome, %(name)s.") % {"name": user.username})
        # ?next=: where sign-up was asked for (an invitation's link), if it is this site's.
        following = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(following, {request.get_host()}, request.is_secure()):
            return redirect(following)
        return redirect("journeys:list")
    return render(request, "registration/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    """contrib.auth's login; the account's saved language then applies in this browser."""

    def get_context_data(self, **kwargs):
        """The sign-up link keeps `next` (an invitation's link returns there after sign-up)."""
        context = super().get_context_data(**kwargs)
        following = context.get("next")
        query = f"?{urlencode({'next': following})}" if following else ""
        return {**context, "signup_url": reverse("signup") + query}

    def form_valid(self, form):
        response = super().form_valid(form)
        language = Profile.language_of(form.get_user())
        if language:
            set_language_cookie(response, language)
        return response


@require_POST
def set_language(request):
    """The header's switcher: Django's own set_language (the language cookie, then back to the
    page it was sent from), and for a signed-in user the choice is saved with the account."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        Profile.remember(request.user, language)
    return response


def set_language_cookie(response, language):
    """The language cookie exactly as Django's set_language writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    translation.activate(language)


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page in the app's own look, 429 Too Many Requests.
    It names the wait, not the user name or how many tries are left."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


password_reset = auth_views.PasswordResetView.as_view(form_class=PasswordResetForm)
