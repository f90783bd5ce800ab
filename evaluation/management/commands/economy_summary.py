"""`economy_summary --programme SLUG --year YYYY [--village NAME] --format json`.

Prints the dashboard's economic figures (evaluation.selectors.economy) as JSON: money
as strings with two decimals (Decimal, never float), and under `parameters` every value
used with its unit, source and status. `sroi` lists every proxy with its quantity, value,
deductions and present value, the discount rate and what the investment includes;
`sroi_ratio` is the same ratio ("0.00" when nothing is valued, null only without an
investment).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from evaluation import selectors
from villages.models import Programme, Village
from workers import money as engine

KEYS = (
    "hours",
    "person_months",
    "wage_cost",
    "pay",
    "holiday_pay",
    "statutory_side_costs",
    "side_costs",
    "employer_cost",
    "subsidy_income",
    "subsidy_excess",
    "municipal_top_up",
    "top_up_cut",
    "service_revenue",
    "association_net_cost",
    "city_avoided_benefit_share",
    "city_avoided_social_assistance",
    "city_paid_subsidy",
    "coordination_costs",
    "city_net_effect",
    "public_avoided_benefit",
    "public_avoided_social_assistance",
    "public_taxes_returned",
    "public_sector_net_effect",
    "bridging_need",
)


def summary(programme, period) -> dict:
    economy = selectors.economy(programme, period)
    totals = economy.totals
    assert totals is not None  # the whole economy, not its earnings only
    data = {
        "programme": programme.slug,
        "year": period.year,
        "village": period.village.name if period.village else None,
        "people": economy.people,
        **{key: None if totals[key] is None else str(totals[key]) for key in KEYS},
        "sroi_ratio": (
            str(economy.sroi.ratio) if economy.sroi and economy.sroi.ratio is not None else None
        ),
        "sroi": sroi_details(economy.sroi),
        "hours_recorded": economy.hours_available,
        "missing": economy.missing,
        "parameters": {
            used.key: {
                "label": used.label,
                "value": str(used.value),
                "unit": used.unit,
                "source": used.source,
                "status": used.status,
            }
            for used in economy.parameters
        },
        "municipal_share_steps": [
            {
                "from_days": step.from_days,
                "share_percent": str(step.share_percent),
                "source": step.source,
                "status": step.status,
            }
            for step in economy.params.share_steps
        ],
    }
    return data


def _text(value) -> str | None:
    return None if value is None else str(value)


def sroi_details(result) -> dict | None:
    """Every assumption and output of the SROI, as the dashboard and the PDF list them."""
    if result is None:
        return None
    details = result.details
    return {
        "ratio": _text(details.ratio),
        "social_ratio": _text(details.social_ratio),
        "social_value": str(details.social_value),
        "fiscal_value": str(details.fiscal_value),
        "present_value": str(details.present_value),
        "investment": str(details.investment),
        "investment_includes": {
            str(part.label): str(part.value) for part in result.investment_parts
        },
        "deductions": {key: str(value) for key, value in details.deductions.items()},
        "outcomes": [
            {
                "name": v.outcome.name,
                "quantity_of": v.outcome.quantity_label,
                "quantity": str(v.outcome.quantity),
                "value_per_unit": str(v.outcome.value_per_unit),
                "duration_years": v.outcome.duration_years,
                "gross_value": str(v.gross),
                "customers_paid": str(engine.money(v.outcome.customer_paid)),
                "value_net_of_payments": str(v.net_of_payments),
                "first_year_after_deductions": str(v.after_deductions),
                "present_value": str(v.present_value),
                "fiscal": v.outcome.fiscal,
                "source": v.outcome.source,
                "status": v.outcome.status,
            }
            for v in details.outcomes
        ],
    }


class Command(BaseCommand):
    help = "Print a programme's economic figures for a year (the dashboard's numbers)."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="the programme's short name")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--village", help="a village of the programme's municipality")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, **options):
        programme = (
            Programme.objects.select_related("municipality")
            .filter(slug=options["programme"])
            .first()
        )
        if programme is None:
            raise CommandError(f"No programme with the short name {options['programme']!r}.")
        village = None
        if options.get("village"):
            village = Village.objects.filter(
                municipality=programme.municipality, name__iexact=options["village"]
            ).first()
            if village is None:
                raise CommandError(
                    f"No village {options['village']!r} in {programme.municipality.name}."
                )
        period = selectors.Period(options["year"], 1, 12, village)
        data = summary(programme, period)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        if data["missing"]:
            raise CommandError(" ".join(data["missing"]))
