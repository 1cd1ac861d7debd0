"""How a phone joins a workshop: the join link and its QR code, for the panel and the projector."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe


def qr_svg(url, label):
    """An inline SVG QR code of `url` that scales with its box (no fixed size)."""
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(
        scale=4,
        border=2,
        dark="#0b1020",
        light="#ffffff",
        omitsize=True,
        svgclass="qr",
        title=label,
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


def join_link(request, workshop, label):
    """{join_url, qr}: the participants' page and its QR code. At SITE_URL when it is set: with
    ALLOWED_HOSTS='*' the request's Host header is anyone's to choose, and a QR code on the wall
    must not send a room elsewhere. Unset, the address the facilitator opened, so phones reach
    the app as the facilitator does."""
    path = reverse("workshops:participant", args=[workshop.code])
    url = f"{settings.SITE_URL}{path}" if settings.SITE_URL else request.build_absolute_uri(path)
    return {"join_url": url, "qr": qr_svg(url, label)}
