"""A write that lost every race for the database answers 503 "busy, try again", not 500.

The services retry a conflict themselves (journeys/concurrency.py); what reaches this
middleware is a write that still could not get through, or a conflict outside a service (a
session saved while the database was locked). Nothing of the write was kept: its transaction
rolled back.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .concurrency import Busy, is_conflict

RETRY_AFTER_SECONDS = 2


class BusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (isinstance(exception, Busy) or is_conflict(exception)):
            return None
        message = _(
            "The map is busy with other changes right now, so yours was not saved. "
            "Please try again in a moment."
        )
        response = render(request, "busy.html", {"message": message}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
