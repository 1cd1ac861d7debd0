"""The health check that a load balancer (and the live test server's start-up) polls.

Its own module, not a feature's: it depends on nothing but the database connection.
"""

import logging

from django.db import connection
from django.http import JsonResponse

log = logging.getLogger(__name__)


def healthz(request):
    """200 when the database answers, 503 when it does not. Anyone may ask, so the answer says
    only "ok" or "unavailable"; why goes to the server's log (it names hosts and databases)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        log.exception("health check: the database does not answer")
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
