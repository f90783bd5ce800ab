"""Work hours keep an employment contract from changing under them.

Registered with workers.employment_checks in ServicesConfig.ready(): a contract whose
period would leave recorded hours outside it, or whose association would change under
recorded hours, is refused with how many entries and from which date.
"""

from django.db.models import Count, Min, Q
from django.utils.formats import date_format
from django.utils.translation import ngettext

from services.models import WorkEntry


def _entries(employment):
    """The hours that count on the contract (current rows, more than zero hours)."""
    return WorkEntry.objects.current().filter(employment_id=employment.pk, hours__gt=0)


def _day(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def hours_outside_contract(employment) -> dict[str, str]:
    """{field: message} when the proposed period or association leaves hours behind."""
    problems = {}
    entries = _entries(employment)
    stored_association_id = (
        type(employment)
        .objects.filter(pk=employment.pk)
        .values_list("association_id", flat=True)
        .first()
    )
    late = Q(work_date__gt=employment.ends_on) if employment.ends_on else Q(pk__in=[])
    early = Q(work_date__lt=employment.starts_on)
    found = entries.aggregate(
        late_count=Count("pk", filter=late),
        late_first=Min("work_date", filter=late),
        early_count=Count("pk", filter=early),
        early_first=Min("work_date", filter=early),
        all_count=Count("pk"),
    )
    if found["late_count"]:
        problems["ends_on"] = ngettext(
            "%(count)s work entry is recorded after the new end date, the first on "
            "%(first)s. Move or remove those hours first, or give a later end date.",
            "%(count)s work entries are recorded after the new end date, the first on "
            "%(first)s. Move or remove those hours first, or give a later end date.",
            found["late_count"],
        ) % {"count": found["late_count"], "first": _day(found["late_first"])}
    if found["early_count"]:
        problems["starts_on"] = ngettext(
            "%(count)s work entry is recorded before the new start date, the first on "
            "%(first)s. Move or remove those hours first, or give an earlier start date.",
            "%(count)s work entries are recorded before the new start date, the first on "
            "%(first)s. Move or remove those hours first, or give an earlier start date.",
            found["early_count"],
        ) % {"count": found["early_count"], "first": _day(found["early_first"])}
    if (
        found["all_count"]
        and stored_association_id is not None
        and stored_association_id != employment.association_id
    ):
        problems["association"] = ngettext(
            "%(count)s work entry is recorded on this contract, so its association cannot "
            "change. Make a new contract for the other association instead.",
            "%(count)s work entries are recorded on this contract, so its association cannot "
            "change. Make a new contract for the other association instead.",
            found["all_count"],
        ) % {"count": found["all_count"]}
    return problems
