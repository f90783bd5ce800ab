from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ryhma.demo import seed_all


class Command(BaseCommand):
    help = "Create or refresh the Pudasjärvi demo data (development only; safe to run again)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates users with a known password and runs only with RYHMA_DEBUG=1."
            )
        seed_all(report=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
