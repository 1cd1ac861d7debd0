"""Delete changes older than HISTORY_KEEP_DAYS (or --days); named versions are kept.

Unset, the history is kept whole. Undo reaches only changes still in the log; a named version
keeps its whole document, so it can still be compared and restored.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from journeys.models import Change


class Command(BaseCommand):
    help = "Delete map changes older than HISTORY_KEEP_DAYS days (named versions stay)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="overrides HISTORY_KEEP_DAYS")

    def handle(self, *args, days=None, **options):
        days = days if days is not None else getattr(settings, "HISTORY_KEEP_DAYS", None)
        if days is None:
            self.stdout.write("HISTORY_KEEP_DAYS is not set: the history is kept whole.")
            return
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = Change.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} changes older than {days} days.")
