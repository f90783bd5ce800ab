from django.core.management.base import BaseCommand, CommandError

from evaluation import kept_figures
from villages.models import Municipality


class Command(BaseCommand):
    help = (
        "Recompute the dashboard's kept worker-month figures with the money engine (after a "
        "deploy that changes the engine, or a bulk load); with --check, compare them with a "
        "recomputation to the cent and exit non-zero listing the differences."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="name or id (default: every municipality)")
        parser.add_argument("--year", type=int, action="append", help="a year (repeatable)")
        parser.add_argument("--check", action="store_true", help="compare only, change nothing")

    def handle(self, *args, municipality, year, check, **options):
        municipalities = Municipality.objects.order_by("pk")
        if municipality:
            field = "pk" if municipality.isdigit() else "name"
            municipalities = municipalities.filter(**{field: municipality})
            if not municipalities.exists():
                raise CommandError(f"No municipality {municipality!r}.")
        years = year or None
        if check:
            found = []
            for place in municipalities:
                for difference in kept_figures.differences(place, years):
                    found.append((place.name, *difference))
            for row in found:
                self.stdout.write(" ".join(str(value) for value in row))
            if found:
                raise CommandError(
                    f"{len(found)} kept figures differ from a recomputation; run refresh_figures "
                    "without --check."
                )
            self.stdout.write(self.style.SUCCESS("Kept figures equal a recomputation."))
            return
        for place in municipalities:
            rows = kept_figures.refresh_municipality(place, years)
            self.stdout.write(f"  {place.name}: {rows:,} worker-months")
        self.stdout.write(self.style.SUCCESS("Kept figures refreshed."))
