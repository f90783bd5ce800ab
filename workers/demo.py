"""Demo data for the workers app: the economic parameter sets of the demo years."""

from workers.parameters import seed_default_parameter_set

DEMO_YEARS = (2024, 2025, 2026)


def seed(context: dict) -> None:
    for year in DEMO_YEARS:
        seed_default_parameter_set(municipality=context["municipality"], year=year)
