import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ryhma.load import SCALES, LoadRefused, Progress, analyse, generate_all, real_data


class Command(BaseCommand):
    help = (
        "Fill a development database with synthetic data at city or national size "
        "(benchmarks and load tests; development only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), required=True)
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed (same seed, same data)"
        )
        parser.add_argument(
            "--allow-existing-data",
            action="store_true",
            help="add the synthetic data even though the database holds other data",
        )

    def handle(self, *args, scale, seed, allow_existing_data, **options):
        if not settings.DEBUG:
            raise CommandError(
                "generate_load makes thousands of users with a known password and runs only "
                "with RYHMA_DEBUG=1, never on a production configuration."
            )
        found = real_data()
        if found and not allow_existing_data:
            raise CommandError(
                "The database already holds data: "
                + "; ".join(found)
                + ". Use an empty database, or add --allow-existing-data if this is a "
                "development copy you may fill."
            )
        started = time.monotonic()
        try:
            with transaction.atomic():
                context = generate_all(
                    scale=SCALES[scale], seed=seed, progress=Progress(self.stderr._out)
                )
        except LoadRefused as error:
            raise CommandError(str(error)) from error
        analyse()
        seconds = time.monotonic() - started
        for name, count in context.counts.items():
            self.stdout.write(f"  {name}: {count:,}")
        self.stdout.write(self.style.SUCCESS(f"Synthetic {scale} data ready in {seconds:.0f} s."))
