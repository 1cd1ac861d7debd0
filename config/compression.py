"""Gzip for pages: the large map's editor is 1.4 MB of HTML, a few hundred KB over the wire.

Why this is safe with the CSRF tokens in those pages (BREACH): BREACH recovers a secret that
stays the same across many responses by watching their compressed length while the attacker
varies text reflected next to it. Here,
- the one secret in a page is the CSRF token, and Django masks it afresh for every response
  (and every form: get_token() draws a new salt each time), so no two responses carry the
  same bytes for it to guess at;
- Django's GZipMiddleware (since 4.2) also pads each compressed response with a random
  number of bytes in the gzip header ("Heal the BREACH"), so lengths leak less still;
- sessions travel in cookies, which are never compressed.
This is Django's own middleware, not a re-implementation; it only leaves event streams alone.
"""

from django.middleware.gzip import GZipMiddleware


class PageGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, except for event streams: each of their messages must reach
    the browser as it is sent, and gzip would hold it back or split it into separate members."""

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("text/event-stream"):
            return response
        return super().process_response(request, response)
