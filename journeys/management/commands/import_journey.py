import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, no_translations

from journeys.interchange import import_document
from journeys.validation import InterchangeError, load_document


class Command(BaseCommand):
    help = (
        "Import a journey map from a JSON file in the interchange format, or from a PDF of a "
        "whole map exported by the app (it carries the map)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the JSON or PDF file ('-' for standard input)")
        parser.add_argument("--owner", required=True, help="username of the map's owner")

    # Command output is for operators and scripts: English, whatever language is active.
    @no_translations
    def handle(self, *args, file, owner, **options):
        try:
            user = get_user_model().objects.get(username=owner)
        except get_user_model().DoesNotExist:
            raise CommandError(f'No user named "{owner}".') from None
        if file == "-":
            raw = sys.stdin.buffer.read()
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"No such file: {file}")
            raw = path.read_bytes()
        try:
            journey = import_document(load_document(raw), user)
        except InterchangeError as exc:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(exc.problems)) from None
        self.stdout.write(f"{journey.pk}")
        self.stdout.write(
            f"{settings.SITE_URL or 'http://127.0.0.1:8000'}{journey.get_absolute_url()}"
        )
