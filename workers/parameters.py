"""Reading the economic parameters of a municipality and year, and their seeded defaults.

`parameters_for(municipality, year)` gives a `Parameters` object whose `value(key)`
raises `MissingParameter` naming the value when it is missing, so that no figure is
ever computed from a silent zero. The defaults below are domain brief §5, each with
its source and status label; cities edit their own copies.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workers.models import (
    MunicipalShareStep,
    ParameterKey,
    ParameterSet,
    ParameterStatus,
    ParameterValue,
    SourceStatus,
)
from workers.signals import economy_parameters_changed

V, U, G = SourceStatus.VERIFIED, SourceStatus.UNCERTAIN, SourceStatus.GUESS
K = ParameterKey

SRC_TES = "PAM / Kiinteistötyönantajat: kiinteistöpalvelualan TES (37,5 h/vko, 161 h/kk)"
SRC_DOMAIN = "Ryhmä-oletus"  # a reasonable default of the application (status G)
SRC_EMPLOYER = "Ilmarinen ja Fineka: työnantajamaksut 2025–2026"
SRC_SUBSIDY = "Työmarkkinatori / Tuusula / EKLU: palkkatuen säännöt"
SRC_TOP_UP = "Pudasjärven kaupunki: kuntalisä (2019)"
SRC_BENEFIT = "Kela: työmarkkinatuki / yleistuki 2025–2026"
SRC_SHARE = "HE 13/2024: kuntien rahoitusvastuu työttömyysetuudesta"
SRC_SROI = "SOSTE: SROI-opas (oletusoletukset)"
SRC_UNEMPLOYMENT_FUND = "Työllisyysrahasto: palkansaajan työttömyysvakuutusmaksu"
SRC_TAXES = "Ryhmä-oletus: tarkista Verohallinnon ja Kelan vuoden maksuista"
SRC_LAG = "Ryhmä-oletus: tuki haetaan ja maksetaan jälkikäteen"
SRC_HOLIDAY = "Vuosilomalaki 162/2005 ja kiinteistöpalvelualan TES: lomapalkka ja lomaraha"
SRC_REFORM = "HE 175/2022: palkkatuen uudistus 1.7.2023"
SRC_CAP_2025 = "Kunnan palkkatukisivu 2025: yhdistyksen 100 % tuen katto 2 020 €/kk"
SRC_CUMULATION = "TE-palvelut 2021: tuki ja muut julkiset tuet enintään palkkauskustannukset"
SRC_ADJUSTED = "Kela 16.12.2025: soviteltu etuus, 50 % palkasta vähentää etuutta"
SRC_AREA = "Laki työvoimapalvelujen järjestämisestä 380/2023: työllisyysalue maksaa palkkatuen"


class _Source:
    """A seeded source's msgid (English), with the values of its placeholders."""

    def __init__(self, msgid, **values):
        self.msgid, self.values = msgid, values

    def __str__(self) -> str:
        return str(self.msgid) % self.values if self.values else str(self.msgid)


DEFAULT_NOTE = SRC_DOMAIN + ": "
# The seeded sources in the reader's language, by the Finnish text they were seeded with
# (the Finnish catalogue gives that text back). A source a city has edited no longer
# matches and is shown as typed.
SHIPPED_SOURCES = {
    SRC_TES: _Source(
        gettext_lazy(
            "PAM / Kiinteistötyönantajat: collective agreement of the property services"
            " sector (37.5 h/week, 161 h/month)"
        )
    ),
    SRC_DOMAIN: _Source(gettext_lazy("Ryhmä default")),
    # xgettext:no-python-format
    DEFAULT_NOTE + "65 % kokoaikaisesta": _Source(gettext_lazy("Ryhmä default: 65 % of full time")),
    DEFAULT_NOTE + "ei mukana, ellei palkanlaskenta jaksota": _Source(
        gettext_lazy("Ryhmä default: not included unless the payroll accrues it")
    ),
    DEFAULT_NOTE + "työterveys, välineet": _Source(
        gettext_lazy("Ryhmä default: occupational health care, tools")
    ),
    DEFAULT_NOTE + "koordinaattorin kustannus": _Source(
        gettext_lazy("Ryhmä default: the coordinator's cost")
    ),
    DEFAULT_NOTE + "verot valinnaisesti mukaan": _Source(
        gettext_lazy("Ryhmä default: taxes optionally included")
    ),
    SRC_EMPLOYER: _Source(gettext_lazy("Ilmarinen and Fineka: employer contributions 2025–2026")),
    SRC_EMPLOYER + " (0,4–8 % toimialan mukaan)": _Source(
        gettext_lazy("Ilmarinen and Fineka: employer contributions 2025–2026 (0.4–8 % by industry)")
    ),
    SRC_SUBSIDY: _Source(
        gettext_lazy("Työmarkkinatori / Tuusula / EKLU: rules of the pay subsidy")
    ),
    SRC_SUBSIDY + ": katon määrä tarkistettava": _Source(
        gettext_lazy(
            "Työmarkkinatori / Tuusula / EKLU: rules of the pay subsidy; the cap's amount"
            " to be checked"
        )
    ),
    SRC_TOP_UP: _Source(gettext_lazy("City of Pudasjärvi: municipal top-up (2019)")),
    SRC_BENEFIT: _Source(
        gettext_lazy("Kela: labour market subsidy / general unemployment benefit 2025–2026")
    ),
    SRC_SHARE: _Source(
        gettext_lazy(
            "Government proposal HE 13/2024: the municipalities' funding responsibility for"
            " unemployment benefit"
        )
    ),
    SRC_SHARE + ": välivaiheet arvioita": _Source(
        gettext_lazy(
            "Government proposal HE 13/2024: the municipalities' funding responsibility for"
            " unemployment benefit; the steps between are estimates"
        )
    ),
    SRC_SROI: _Source(gettext_lazy("SOSTE: SROI guide (default assumptions)")),
    "Laki toimeentulotuesta: kunnan osuus": _Source(
        gettext_lazy("Act on Social Assistance: the municipality's share")
    ),
    SRC_TAXES + " (keskim. tulovero pienestä palkasta)": _Source(
        gettext_lazy(
            "Ryhmä default: check against the year's rates of the Tax Administration and"
            " Kela (average income tax on a small wage)"
        )
    ),
    SRC_TAXES + " (päivärahamaksu + sairaanhoitomaksu)": _Source(
        gettext_lazy(
            "Ryhmä default: check against the year's rates of the Tax Administration and"
            " Kela (daily allowance and medical care contributions)"
        )
    ),
    SRC_LAG + " (palkkatuki)": _Source(
        gettext_lazy("Ryhmä default: the support is claimed and paid in arrears (pay subsidy)")
    ),
    SRC_LAG + " (kuntalisä)": _Source(
        gettext_lazy("Ryhmä default: the support is claimed and paid in arrears (municipal top-up)")
    ),
    SRC_HOLIDAY + ": 2 pv/kk ensimmäisenä vuonna ≈ 9 %": _Source(
        gettext_lazy(
            # xgettext:no-python-format
            "Annual Holidays Act 162/2005 and the property services collective agreement:"
            " holiday pay; 2 days a month in the first year ≈ 9 %"
        )
    ),
    SRC_HOLIDAY + ": lomaraha tyypillisesti 50 % lomapalkasta": _Source(
        gettext_lazy(
            # xgettext:no-python-format
            "Annual Holidays Act 162/2005 and the property services collective agreement:"
            " the holiday bonus is typically 50 % of holiday pay"
        )
    ),
    SRC_CAP_2025: _Source(
        gettext_lazy(
            # xgettext:no-python-format
            "A municipality's pay subsidy page 2025: cap of the association's 100 % subsidy"
            " €2,020/month"
        )
    ),
    SRC_REFORM + ": kattaako 100 % tuki lomarahan, tarkistettava": _Source(
        gettext_lazy(
            # xgettext:no-python-format
            "Government proposal HE 175/2022, the pay subsidy reform of 1.7.2023: whether the"
            " 100 % subsidy covers the holiday bonus is to be checked"
        )
    ),
    SRC_REFORM + ": vain palkasta": _Source(
        gettext_lazy(
            "Government proposal HE 175/2022, the pay subsidy reform of 1.7.2023: of the pay only"
        )
    ),
    SRC_CUMULATION: _Source(
        gettext_lazy(
            "TE services 2021: the subsidy and other public support at most the wage costs"
        )
    ),
    SRC_ADJUSTED: _Source(
        # xgettext:no-python-format
        gettext_lazy("Kela 16.12.2025: adjusted benefit, 50 % of the pay reduces the benefit")
    ),
    SRC_ADJUSTED + " (kytkin)": _Source(
        gettext_lazy(
            # xgettext:no-python-format
            "Kela 16.12.2025: adjusted benefit, 50 % of the pay reduces the benefit (switch)"
        )
    ),
    SRC_AREA + " (kunnan osuus)": _Source(
        gettext_lazy(
            "Act on Organising Employment Services 380/2023: the employment area pays the pay"
            " subsidy (the municipality's share)"
        )
    ),
    **{
        f"{SRC_UNEMPLOYMENT_FUND} {year}": _Source(
            gettext_lazy(
                "Employment Fund: the employee's unemployment insurance contribution %(year)s"
            ),
            year=year,
        )
        for year in (2024, 2025, 2026)
    },
}


def source_label(source: str) -> str:
    """A parameter's source in the reader's language when it is still as seeded."""
    shipped = SHIPPED_SOURCES.get(source)
    return str(shipped) if shipped is not None else source


def _employee_unemployment_insurance(year: int) -> tuple[str, str, str]:
    """0.79 % in 2024, 0.59 % in 2025, 0.89 % from 2026 (earlier years: check)."""
    if year >= 2026:
        return ("0.89", V, SRC_UNEMPLOYMENT_FUND + " 2026")
    if year == 2025:
        return ("0.59", V, SRC_UNEMPLOYMENT_FUND + " 2025")
    return ("0.79", V if year == 2024 else U, SRC_UNEMPLOYMENT_FUND + " 2024")


def _defaults(year: int) -> dict:
    later = year >= 2026
    return {
        K.FULL_TIME_HOURS_PER_WEEK: ("37.5", V, SRC_TES),
        K.WEEKS_PER_MONTH: ("4.33", G, SRC_DOMAIN),
        K.DEFAULT_HOURLY_WAGE: ("12.00", G, SRC_DOMAIN),
        K.DEFAULT_HOURS_PER_WEEK: ("24.4", G, SRC_DOMAIN + ": 65 % kokoaikaisesta"),
        K.HOLIDAY_PAY_ACCRUAL: ("9", G, SRC_HOLIDAY + ": 2 pv/kk ensimmäisenä vuonna ≈ 9 %"),
        K.HOLIDAY_BONUS: ("50", G, SRC_HOLIDAY + ": lomaraha tyypillisesti 50 % lomapalkasta"),
        K.TYEL_TOTAL: ("25.03", U if later else V, SRC_EMPLOYER),
        K.TYEL_EMPLOYEE: ("7.15", U if later else V, SRC_EMPLOYER),
        K.HEALTH_INSURANCE: ("1.87", U if later else V, SRC_EMPLOYER),
        K.UNEMPLOYMENT_INSURANCE: ("0.20", U if later else V, SRC_EMPLOYER),
        K.ACCIDENT_INSURANCE: ("0.70", V, SRC_EMPLOYER + " (0,4–8 % toimialan mukaan)"),
        K.GROUP_LIFE_INSURANCE: ("0.07", V, SRC_EMPLOYER),
        K.OTHER_EMPLOYER_COSTS_PER_MONTH: ("60.00", G, SRC_DOMAIN + ": työterveys, välineet"),
        K.ASSOCIATION_SUBSIDY_RATE: ("100", V, SRC_SUBSIDY),
        K.ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME: ("65", V, SRC_SUBSIDY),
        K.ASSOCIATION_SUBSIDY_MAX_MONTHS: ("10", V, SRC_SUBSIDY),
        K.ASSOCIATION_SUBSIDY_MONTHLY_CAP: (
            ("2020.00", U, SRC_CAP_2025)
            if year >= 2025
            else ("1800.00", U, SRC_SUBSIDY + ": katon määrä tarkistettava")
        ),
        K.ASSOCIATION_SUBSIDY_COVERS_HOLIDAY_PAY: (
            "0",
            U,
            SRC_REFORM + ": kattaako 100 % tuki lomarahan, tarkistettava",
        ),
        K.DISADVANTAGED_SUBSIDY_COVERS_HOLIDAY_PAY: ("0", U, SRC_REFORM + ": vain palkasta"),
        K.REDUCED_ABILITY_SUBSIDY_COVERS_HOLIDAY_PAY: ("0", U, SRC_REFORM + ": vain palkasta"),
        K.AGE_55_SUBSIDY_COVERS_HOLIDAY_PAY: ("0", U, SRC_REFORM + ": vain palkasta"),
        K.CUMULATION_LIMIT: ("1", U, SRC_CUMULATION),
        K.DISADVANTAGED_SUBSIDY_RATE: ("50", V, SRC_SUBSIDY),
        K.REDUCED_ABILITY_SUBSIDY_RATE: ("70", V, SRC_SUBSIDY),
        K.AGE_55_SUBSIDY_RATE: ("70", V, SRC_SUBSIDY),
        K.AGE_55_SUBSIDY_MONTHLY_CAP: ("1770.00", V, SRC_SUBSIDY),
        K.AGE_55_MIN_HOURS_PER_WEEK: ("25", V, SRC_SUBSIDY),
        K.MUNICIPAL_TOP_UP_PER_MONTH: ("450.00", V, SRC_TOP_UP),
        K.BENEFIT_PER_DAY: ("37.21", V, SRC_BENEFIT),
        K.BENEFIT_DAYS_PER_MONTH: ("21.5", G, SRC_DOMAIN),
        K.ADJUSTED_BENEFIT: ("1", U, SRC_ADJUSTED + " (kytkin)"),
        K.ADJUSTED_BENEFIT_PAY_SHARE: ("50", V, SRC_ADJUSTED),
        K.CITY_SHARE_OF_SUBSIDY: ("100", U, SRC_AREA + " (kunnan osuus)"),
        K.SOCIAL_ASSISTANCE_MUNICIPAL_SHARE: ("50", V, "Laki toimeentulotuesta: kunnan osuus"),
        K.COORDINATION_COST_PER_MONTH: ("3500.00", G, SRC_DOMAIN + ": koordinaattorin kustannus"),
        K.PUBLIC_SECTOR_INCLUDES_TAXES: ("0", G, SRC_DOMAIN + ": verot valinnaisesti mukaan"),
        K.INCOME_TAX_RATE: ("6.0", G, SRC_TAXES + " (keskim. tulovero pienestä palkasta)"),
        K.EMPLOYEE_UNEMPLOYMENT_INSURANCE: _employee_unemployment_insurance(year),
        K.EMPLOYEE_HEALTH_INSURANCE: (
            "1.35",
            G,
            SRC_TAXES + " (päivärahamaksu + sairaanhoitomaksu)",
        ),
        K.SUBSIDY_PAYMENT_LAG_MONTHS: ("2", G, SRC_LAG + " (palkkatuki)"),
        K.TOP_UP_PAYMENT_LAG_MONTHS: ("1", G, SRC_LAG + " (kuntalisä)"),
        K.SROI_DEADWEIGHT: ("20", G, SRC_SROI),
        K.SROI_ATTRIBUTION: ("25", G, SRC_SROI),
        K.SROI_DISPLACEMENT: ("10", G, SRC_SROI),
        K.SROI_DROP_OFF: ("30", G, SRC_SROI),
        K.SROI_DISCOUNT_RATE: ("3.5", G, SRC_SROI),
    }


def _default_steps(year: int) -> list[tuple[int, str, str, str]]:
    """(from_days, share %, status, source): since 2025 a rising table, before it 50/70 %."""
    if year < 2025:
        return [(0, "0", V, SRC_SHARE), (300, "50", V, SRC_SHARE), (1000, "70", V, SRC_SHARE)]
    return [
        (0, "0", V, SRC_SHARE),
        (100, "10", U, SRC_SHARE + ": välivaiheet arvioita"),
        (250, "20", U, SRC_SHARE + ": välivaiheet arvioita"),
        (400, "30", U, SRC_SHARE + ": välivaiheet arvioita"),
        (500, "40", U, SRC_SHARE + ": välivaiheet arvioita"),
        (600, "45", U, SRC_SHARE + ": välivaiheet arvioita"),
        (700, "50", V, SRC_SHARE),
    ]


@transaction.atomic
def seed_default_parameter_set(*, municipality, year: int, actor=None) -> ParameterSet:
    """The active parameter set of the year, created from the defaults when there is none."""
    existing = ParameterSet.objects.active().filter(municipality=municipality, year=year).first()
    if existing:
        return existing
    parameter_set = ParameterSet.objects.create(
        municipality=municipality, year=year, created_by=actor
    )
    ParameterValue.objects.bulk_create(
        ParameterValue(
            parameter_set=parameter_set,
            key=key,
            value=Decimal(value),
            status=status,
            source=source,
        )
        for key, (value, status, source) in _defaults(year).items()
    )
    MunicipalShareStep.objects.bulk_create(
        MunicipalShareStep(
            parameter_set=parameter_set,
            from_days=days,
            share_percent=Decimal(share),
            status=status,
            source=source,
        )
        for days, share, status, source in _default_steps(year)
    )
    economy_parameters_changed.send(sender=ParameterSet, municipality_id=municipality.pk, year=year)
    return parameter_set


class MissingParameter(Exception):
    """A computation needs a value that the parameter set does not have."""

    def __init__(self, key: str, year: int | None = None):
        self.key = key
        self.year = year
        try:
            label = ParameterKey(key).label
        except ValueError:
            label = key
        super().__init__(
            _("The parameter “%(name)s” is missing for %(year)s. Add it to the parameter set.")
            % {"name": label, "year": year if year is not None else "–"}
        )


@dataclass(frozen=True)
class UsedValue:
    key: str
    label: str
    value: Decimal
    unit: str
    source: str
    status: str


class Parameters:
    """The values of one parameter set, loaded with two queries."""

    def __init__(self, parameter_set: ParameterSet | None, year: int, *, values=None, steps=None):
        """`values` and `steps`: the set's rows when the caller has read them already."""
        self.parameter_set = parameter_set
        self.year = year
        self._values: dict[str, ParameterValue] = {}
        self._steps: list[MunicipalShareStep] = []
        # One UsedValue per key: a dashboard asks for the same few values tens of
        # thousands of times, and each label lookup translates the whole choice list.
        self._used: dict[str, UsedValue] = {}
        # Values worked out from the parameters by their users (the economic model's
        # side-cost percentage, for example), kept for the life of this object.
        self.derived: dict = {}
        if parameter_set is not None:
            if values is None:
                values, steps = parameter_set.values.all(), parameter_set.share_steps.all()
            self._values = {v.key: v for v in values}
            self._steps = sorted(steps, key=lambda s: s.from_days)

    def value(self, key: str) -> Decimal:
        row = self._values.get(key)
        if row is None or row.value is None:
            raise MissingParameter(key, self.year)
        return row.value

    def used(self, key: str) -> UsedValue:
        """The value with its label, unit, source and status, for 'how was this computed'."""
        used = self._used.get(key)
        if used is not None:
            return used
        row = self._values.get(key)
        if row is None or row.value is None:
            raise MissingParameter(key, self.year)
        # The enum's own label, not get_key_display(): that flattens and translates the
        # whole choice list on every call (a few milliseconds with forty keys).
        try:
            label = ParameterKey(key).label
        except ValueError:
            label = key
        used = self._used[key] = UsedValue(
            key, str(label), row.value, row.unit, source_label(row.source), row.status
        )
        return used

    def municipal_share(self, benefit_days: int) -> Decimal:
        """The municipality's share (%) of the benefit for a person with `benefit_days`."""
        if not self._steps:
            raise MissingParameter("municipal_share_steps", self.year)
        share = Decimal("0")
        for step in self._steps:
            if benefit_days >= step.from_days:
                share = step.share_percent
        return share

    @property
    def share_steps(self) -> list[MunicipalShareStep]:
        return list(self._steps)

    @property
    def digest(self) -> str | None:
        """A fingerprint of every value and step the figures are computed from (not the
        sources or status labels, which only explain them); None without a parameter set.

        Equal digests compute equal figures, however the set was edited or superseded."""
        if self.parameter_set is None:
            return None
        cached = self.derived.get("digest")
        if cached is None:
            text = repr(
                (
                    sorted((key, str(row.value)) for key, row in self._values.items()),
                    [(step.from_days, str(step.share_percent)) for step in self._steps],
                )
            )
            cached = self.derived["digest"] = hashlib.blake2b(
                text.encode(), digest_size=12
            ).hexdigest()
        return cached


def parameters_for(municipality, year: int) -> Parameters:
    parameter_set = (
        ParameterSet.objects.active()
        .filter(municipality=municipality, year=year)
        .prefetch_related("values", "share_steps")
        .first()
    )
    return Parameters(parameter_set, year)


def parameters_for_years(municipality, years) -> dict[int, Parameters]:
    """`parameters_for` of several years, in two queries (the values with their sets, and
    the steps). A set without any value is read as no set: nothing can be computed from
    either."""
    years = sorted(set(years))
    of_sets = {
        "parameter_set__municipality": municipality,
        "parameter_set__year__in": years,
        "parameter_set__status": ParameterStatus.ACTIVE,
    }
    sets, values, steps = {}, defaultdict(list), defaultdict(list)
    for value in ParameterValue.objects.filter(**of_sets).select_related("parameter_set"):
        sets[value.parameter_set.year] = value.parameter_set
        values[value.parameter_set_id].append(value)
    if sets:
        for step in MunicipalShareStep.objects.filter(**of_sets):
            steps[step.parameter_set_id].append(step)
    return {
        year: Parameters(
            sets.get(year),
            year,
            values=values[sets[year].pk] if year in sets else None,
            steps=steps[sets[year].pk] if year in sets else None,
        )
        for year in years
    }
