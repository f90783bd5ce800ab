"""Compile every django.po of the project to .mo with polib: no system gettext needed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_paths() -> list[Path]:
    """The project's own .po files: the root locale/ and each app's locale/."""
    root = Path(settings.BASE_DIR)
    paths = sorted(root.glob("locale/*/LC_MESSAGES/django.po"))
    paths += sorted(root.glob("*/locale/*/LC_MESSAGES/django.po"))
    return [p for p in paths if ".venv" not in p.parts]


def compile_all() -> list[Path]:
    written = []
    for po_path in catalogue_paths():
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po to .mo) without system gettext."

    def handle(self, *args, **options):
        for path in compile_all():
            self.stdout.write(f"compiled {path}")
