from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from services.hours.rollups import drift, rebuild_monthly_hours


class Command(BaseCommand):
    help = (
        "Recompute the monthly roll-up of approved hours from the work entries "
        "(after a restore or a bulk fix made outside the application)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="only compare the roll-up with the entries; exit 1 when they differ",
        )

    def handle(self, *args, check, **options):
        if check:
            differences = drift()
            for employment_id, month, stored, computed in differences[:20]:
                self.stdout.write(
                    f"  employment {employment_id} {month:%Y-%m}: stored {stored}, "
                    f"entries {computed}"
                )
            if differences:
                raise CommandError(
                    f"The roll-up differs from the entries in {len(differences)} months; "
                    "run rebuild_monthly_hours without --check."
                )
            self.stdout.write(self.style.SUCCESS("The roll-up equals the entries."))
            return
        with transaction.atomic():
            count = rebuild_monthly_hours()
        self.stdout.write(self.style.SUCCESS(f"Monthly roll-up rebuilt: {count:,} rows."))
