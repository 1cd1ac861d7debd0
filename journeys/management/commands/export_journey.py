import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from journeys.interchange import dumps, export_document
from journeys.models import Journey


class Command(BaseCommand):
    help = "Export a journey map as JSON (interchange format), CSV or PDF."

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="the map's id")
        parser.add_argument("--format", choices=["json", "csv", "pdf"], default="json")
        parser.add_argument("--output", default="-", help="file to write ('-' for stdout)")
        parser.add_argument("--paper", default="a3", help="PDF paper size: a3, a4 or letter")

    def handle(self, *args, id, format, output, paper, **options):
        try:
            journey = Journey.objects.select_related("owner").get(pk=id)
        except Journey.DoesNotExist:
            raise CommandError(f"No map with id {id}.") from None
        if format == "json":
            data = dumps(export_document(journey)).encode("utf-8")
        elif format == "csv":
            from journeys.csv_export import export_csv

            data = export_csv(journey)
        else:
            from journeys.pdf import PAPER_SIZES, render_pdf

            if paper not in PAPER_SIZES:
                raise CommandError(f"Unknown paper {paper!r}; use one of {', '.join(PAPER_SIZES)}.")
            data = render_pdf(journey, paper=paper)
        if output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            Path(output).write_bytes(data)
            self.stderr.write(f"Wrote {len(data)} bytes to {output}")
