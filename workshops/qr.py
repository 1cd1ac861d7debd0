import segno
from django.utils.safestring import mark_safe


def qr_svg(url, label="QR code"):
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
