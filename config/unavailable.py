"""A database that cannot be reached answers 503 "try again", never a 500 traceback.

When PostgreSQL restarts, fails over or refuses connections for a moment (or SQLite stays
locked past its timeout), Django raises OperationalError or InterfaceError from whatever query
the view was making. That is not a bug in the request: the same request will work in a few
seconds. So the answer says that, in words for people and with Retry-After for programs, and
the server log gets one line instead of a traceback per request during an outage.

A write either committed in its transaction or did not happen at all (services.py writes in
one transaction each). The page says to look before sending again, because a connection that
breaks after the commit loses only the answer, not the write. Django drops the broken
connection at the end of the request (CONN_HEALTH_CHECKS checks a kept one before reuse), so
the next request connects afresh: nothing needs a restart.

Its own module beside health.py: it depends on nothing but Django's database errors.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.deprecation import MiddlewareMixin

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """MiddlewareMixin, as Django's own: it serves sync and async views (the event stream)
    without a thread hop of its own."""

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
        return unavailable_response()


def unavailable_response():
    # Rendered without the request: its context processors would query the database again.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
