"""Runs every app's demo seeding in INSTALLED_APPS order.

Each app that has demo data keeps it in `<app>/demo.py` with `seed(context: dict)`;
later apps use what earlier ones created through `context`.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import transaction


@transaction.atomic
def seed_all(report=None) -> dict:
    context: dict = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if config.name == "ryhma" or find_spec(module_name) is None:
            continue
        import_module(module_name).seed(context)
        if report:
            report(f"  {config.label}: ok")
    return context
