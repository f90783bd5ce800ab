from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.models import ReportKind, ReportLanguage
from evaluation.reports.figures import Scope
from evaluation.reports.periods import PERIOD_HELP, BadPeriod, parse_period
from evaluation.reports.render import render_pdf
from villages.models import Programme


class Command(BaseCommand):
    help = "Render a programme's impact report as PDF, synchronously (no Celery)."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="the programme's short name")
        parser.add_argument("--period", required=True, help=PERIOD_HELP)
        parser.add_argument("--language", default="fi", choices=ReportLanguage.values)
        parser.add_argument("--out", required=True, help="where to write the PDF")

    def handle(self, *args, **options):
        try:
            programme = Programme.objects.select_related("municipality").get(
                slug=options["programme"]
            )
        except Programme.DoesNotExist as error:
            known = ", ".join(Programme.objects.values_list("slug", flat=True)) or "–"
            raise CommandError(
                f"No programme “{options['programme']}”. Known programmes: {known}."
            ) from error
        try:
            period = parse_period(options["period"])
        except BadPeriod as error:
            raise CommandError(str(error)) from error
        scope = Scope(kind=ReportKind.PROGRAMME, programme=programme, period=period)
        pdf, pages = render_pdf(scope, options["language"])
        out = Path(options["out"])
        out.write_bytes(pdf)
        self.stdout.write(f"{out}: {pages} pages, {len(pdf)} bytes")
