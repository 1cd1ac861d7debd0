import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from journeys.interchange import dumps, export_document
from journeys.models import Journey


class Command(BaseCommand):
    help = "Export a journey map as JSON (interchange format), CSV or PDF."

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="the map's id")
        parser.add_argument("--format", choices=["json", "csv", "pdf"], default="json")
        parser.add_argument("--output", default="-", help="file to write ('-' for stdout)")
        parser.add_argument(
            "--paper",
            default="a3",
            help="PDF paper: a3, a4, letter, or poster (the whole map on one page)",
        )
        parser.add_argument("--persona", default="", help="PDF of one persona (its id)")
        parser.add_argument("--from", dest="first", default="", help="PDF from this stage (1..)")
        parser.add_argument("--to", dest="last", default="", help="PDF up to this stage")
        parser.add_argument(
            "--insights", action="store_true", help="PDF with the insights page (charts)"
        )
        parser.add_argument(
            "--archive", action="store_true", help="PDF/A-3b for archives (carries the map)"
        )

    # Command output is for operators and scripts: English, whatever language is active.
    @no_translations
    def handle(
        self, *args, id, format, output, paper, persona, first, last, insights, archive, **options
    ):
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
            from journeys.pdf import render_pdf
            from journeys.pdf_export import BadOption, parse_options

            # No size limit here: an operator may print any map on their own machine.
            try:
                chosen = parse_options(
                    journey, paper, persona, first, last, insights=insights, archive=archive
                )
            except BadOption as error:
                raise CommandError(str(error)) from None
            data = render_pdf(
                journey,
                paper=chosen.paper,
                persona_id=chosen.persona_id,
                stage_range=chosen.stage_range,
                insights=chosen.insights,
                archive=chosen.archive,
            )
        if output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            Path(output).write_bytes(data)
            self.stderr.write(f"Wrote {len(data)} bytes to {output}")
