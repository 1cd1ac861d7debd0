"""Share links: the owner's "Share" page under the map, and the pages a link opens at
/s/<token>/ for anyone who holds it, with no account.

Every link page starts from `link_for`, the links' access check: no such token is a 404; a
revoked or expired link is a 410 page that says which; a link asks for its password (once per
browser session) before it shows anything; a link opens only what its kind allows.
"""

from datetime import timedelta
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from journeys import changes, live
from journeys.access import journey_for
from journeys.editor.responses import grid_context
from journeys.pdf_export import pdf_for
from journeys.present import present_context
from workspaces.models import Role

from .forms import LinkPasswordForm, ShareLinkForm
from .models import ShareLink

# --- the owner's side --------------------------------------------------------------------------


def _share_page(request, journey, form=None, new_url=None, status=200):
    context = {
        "journey": journey,
        "links": journey.share_links.all(),
        "form": form or ShareLinkForm(),
        "new_url": new_url,
    }
    return render(request, "sharing/share.html", context, status=status)


@login_required
def share(request, pk):
    """GET: the map's links and a form for a new one. POST: make one; its URL is shown once
    (only its hash is kept)."""
    journey = journey_for(request, pk, "manage")
    if request.method != "POST":
        return _share_page(request, journey)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        return _share_page(request, journey, form, status=422)
    days = form.cleaned_data["expires_in_days"]
    link, token = ShareLink.make(
        journey,
        request.user,
        form.cleaned_data["kind"],
        expires_at=timezone.now() + timedelta(days=days) if days else None,
        password=form.cleaned_data["password"],
    )
    new_url = request.build_absolute_uri(reverse("sharing:open", args=[token]))
    return _share_page(request, journey, new_url=new_url, status=201)


@login_required
@require_POST
def revoke(request, pk, link_pk):
    journey = journey_for(request, pk, "manage")
    link = get_object_or_404(ShareLink, journey=journey, pk=link_pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    messages.success(request, _("The link was revoked; it no longer opens the map."))
    return redirect("sharing:share", journey.pk)


# --- the holder's side -------------------------------------------------------------------------


def _unlocked_key(link):
    return f"share-link-{link.pk}"


def link_for(request, token, kinds):
    """(link, None) if the link may open a page for one of `kinds`, else (None, the answer)."""
    link = ShareLink.find(token)
    if link is None or link.kind not in kinds:
        raise Http404(_("There is no such link."))
    if not link.is_live:
        return None, render(request, "sharing/gone.html", {"link": link}, status=410)
    if link.password and not request.session.get(_unlocked_key(link)):
        return None, redirect("sharing:open", token)
    journey = link.journey
    journey.role = Role.VIEWER  # what a link holder may do: read (journeys/access.can)
    return link, None


def open_link(request, token):
    """The link's page: the read-only map, or the projector view; the password form first if
    it has one."""
    link = ShareLink.find(token)
    if link is None:
        raise Http404(_("There is no such link."))
    if link.is_live and link.password and not request.session.get(_unlocked_key(link)):
        form = LinkPasswordForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if link.password_matches(form.cleaned_data["password"]):
                request.session[_unlocked_key(link)] = True
                return redirect("sharing:open", token)
            form.add_error("password", _("That is not the link's password."))
        status = 403 if request.method == "POST" else 200
        return render(request, "sharing/password.html", {"form": form}, status=status)
    if request.method != "GET":
        return HttpResponse(status=405)
    if link.kind == ShareLink.Kind.PROJECTOR:
        return present(request, token)
    return shared_map(request, token)


def shared_map(request, token):
    link, refused = link_for(request, token, [ShareLink.Kind.READ])
    if refused:
        return refused
    context = {**grid_context(request, link.journey), "token": token}
    return render(request, "sharing/map.html", context)


@require_GET
def shared_pdf(request, token):
    link, refused = link_for(request, token, [ShareLink.Kind.READ])
    if refused:
        return refused
    return pdf_for(request, link.journey)


@require_GET
def present(request, token):
    """The projector view of a projector link: the same page as a member's, live through the
    link's own event stream."""
    link, refused = link_for(request, token, [ShareLink.Kind.PROJECTOR])
    if refused:
        return refused
    journey = link.journey
    if request.htmx:
        return render(request, "journeys/_present_map.html", present_context(request, journey))
    since = changes.last_change_id(journey.pk)
    context = present_context(request, journey)
    events = reverse("sharing:events", args=[token])
    context.update(
        last_change_id=since,
        events_url=f"{events}?last_event_id={since}&view=present",
        refresh_url=reverse("sharing:present", args=[token]),
    )
    return render(request, "journeys/present.html", context)


def _link_is_live(link_pk):
    now = timezone.now()
    live_links = ShareLink.objects.filter(pk=link_pk, revoked_at=None)
    return live_links.filter(Q(expires_at=None) | Q(expires_at__gt=now)).exists()


def _listening_link(request, token):
    link, refused = link_for(request, token, [ShareLink.Kind.PROJECTOR])
    return None if refused else (link.pk, link.journey_id)


@require_GET
async def events(request, token):
    """The projector link's live stream; ends when the link is revoked or expires (204 when
    it already has: the page's next fetch says why)."""
    listener = await live.use_db(_listening_link, request, token)
    if listener is None or not hasattr(request, "scope"):  # (WSGI cannot stream)
        return HttpResponse(status=204)
    link_pk, journey_id = listener
    return live.stream_response(
        request, journey_id, ("link", link_pk), partial(_link_is_live, link_pk)
    )
