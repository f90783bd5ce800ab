"""The seeded defaults of the economic parameters (domain brief §5), each with its source
and status label, and the seeding of a year's set from them; cities edit their own copies.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy

from workers.models import (
    MunicipalShareStep,
    ParameterKey,
    ParameterSet,
    ParameterValue,
    SourceStatus,
)
from workers.signals import economy_parameters_changed

VERIFIED, UNCERTAIN, GUESS = SourceStatus.VERIFIED, SourceStatus.UNCERTAIN, SourceStatus.GUESS

SRC_TES = "PAM / Kiinteistötyönantajat: kiinteistöpalvelualan TES (37,5 h/vko, 161 h/kk)"
SRC_DOMAIN = "Ryhmä-oletus"  # a reasonable default of the application (status GUESS)
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
        return ("0.89", VERIFIED, SRC_UNEMPLOYMENT_FUND + " 2026")
    if year == 2025:
        return ("0.59", VERIFIED, SRC_UNEMPLOYMENT_FUND + " 2025")
    return ("0.79", VERIFIED if year == 2024 else UNCERTAIN, SRC_UNEMPLOYMENT_FUND + " 2024")


def _defaults(year: int) -> dict:
    later = year >= 2026
    return {
        ParameterKey.FULL_TIME_HOURS_PER_WEEK: ("37.5", VERIFIED, SRC_TES),
        ParameterKey.WEEKS_PER_MONTH: ("4.33", GUESS, SRC_DOMAIN),
        ParameterKey.DEFAULT_HOURLY_WAGE: ("12.00", GUESS, SRC_DOMAIN),
        ParameterKey.DEFAULT_HOURS_PER_WEEK: ("24.4", GUESS, SRC_DOMAIN + ": 65 % kokoaikaisesta"),
        ParameterKey.HOLIDAY_PAY_ACCRUAL: (
            "9",
            GUESS,
            SRC_HOLIDAY + ": 2 pv/kk ensimmäisenä vuonna ≈ 9 %",
        ),
        ParameterKey.HOLIDAY_BONUS: (
            "50",
            GUESS,
            SRC_HOLIDAY + ": lomaraha tyypillisesti 50 % lomapalkasta",
        ),
        ParameterKey.TYEL_TOTAL: ("25.03", UNCERTAIN if later else VERIFIED, SRC_EMPLOYER),
        ParameterKey.TYEL_EMPLOYEE: ("7.15", UNCERTAIN if later else VERIFIED, SRC_EMPLOYER),
        ParameterKey.HEALTH_INSURANCE: ("1.87", UNCERTAIN if later else VERIFIED, SRC_EMPLOYER),
        ParameterKey.UNEMPLOYMENT_INSURANCE: (
            "0.20",
            UNCERTAIN if later else VERIFIED,
            SRC_EMPLOYER,
        ),
        ParameterKey.ACCIDENT_INSURANCE: (
            "0.70",
            VERIFIED,
            SRC_EMPLOYER + " (0,4–8 % toimialan mukaan)",
        ),
        ParameterKey.GROUP_LIFE_INSURANCE: ("0.07", VERIFIED, SRC_EMPLOYER),
        ParameterKey.OTHER_EMPLOYER_COSTS_PER_MONTH: (
            "60.00",
            GUESS,
            SRC_DOMAIN + ": työterveys, välineet",
        ),
        ParameterKey.ASSOCIATION_SUBSIDY_RATE: ("100", VERIFIED, SRC_SUBSIDY),
        ParameterKey.ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME: ("65", VERIFIED, SRC_SUBSIDY),
        ParameterKey.ASSOCIATION_SUBSIDY_MAX_MONTHS: ("10", VERIFIED, SRC_SUBSIDY),
        ParameterKey.ASSOCIATION_SUBSIDY_MONTHLY_CAP: (
            ("2020.00", UNCERTAIN, SRC_CAP_2025)
            if year >= 2025
            else ("1800.00", UNCERTAIN, SRC_SUBSIDY + ": katon määrä tarkistettava")
        ),
        ParameterKey.ASSOCIATION_SUBSIDY_COVERS_HOLIDAY_PAY: (
            "0",
            UNCERTAIN,
            SRC_REFORM + ": kattaako 100 % tuki lomarahan, tarkistettava",
        ),
        ParameterKey.DISADVANTAGED_SUBSIDY_COVERS_HOLIDAY_PAY: (
            "0",
            UNCERTAIN,
            SRC_REFORM + ": vain palkasta",
        ),
        ParameterKey.REDUCED_ABILITY_SUBSIDY_COVERS_HOLIDAY_PAY: (
            "0",
            UNCERTAIN,
            SRC_REFORM + ": vain palkasta",
        ),
        ParameterKey.AGE_55_SUBSIDY_COVERS_HOLIDAY_PAY: (
            "0",
            UNCERTAIN,
            SRC_REFORM + ": vain palkasta",
        ),
        ParameterKey.CUMULATION_LIMIT: ("1", UNCERTAIN, SRC_CUMULATION),
        ParameterKey.DISADVANTAGED_SUBSIDY_RATE: ("50", VERIFIED, SRC_SUBSIDY),
        ParameterKey.REDUCED_ABILITY_SUBSIDY_RATE: ("70", VERIFIED, SRC_SUBSIDY),
        ParameterKey.AGE_55_SUBSIDY_RATE: ("70", VERIFIED, SRC_SUBSIDY),
        ParameterKey.AGE_55_SUBSIDY_MONTHLY_CAP: ("1770.00", VERIFIED, SRC_SUBSIDY),
        ParameterKey.AGE_55_MIN_HOURS_PER_WEEK: ("25", VERIFIED, SRC_SUBSIDY),
        ParameterKey.MUNICIPAL_TOP_UP_PER_MONTH: ("450.00", VERIFIED, SRC_TOP_UP),
        ParameterKey.BENEFIT_PER_DAY: ("37.21", VERIFIED, SRC_BENEFIT),
        ParameterKey.BENEFIT_DAYS_PER_MONTH: ("21.5", GUESS, SRC_DOMAIN),
        ParameterKey.ADJUSTED_BENEFIT: ("1", UNCERTAIN, SRC_ADJUSTED + " (kytkin)"),
        ParameterKey.ADJUSTED_BENEFIT_PAY_SHARE: ("50", VERIFIED, SRC_ADJUSTED),
        ParameterKey.CITY_SHARE_OF_SUBSIDY: ("100", UNCERTAIN, SRC_AREA + " (kunnan osuus)"),
        ParameterKey.SOCIAL_ASSISTANCE_MUNICIPAL_SHARE: (
            "50",
            VERIFIED,
            "Laki toimeentulotuesta: kunnan osuus",
        ),
        ParameterKey.COORDINATION_COST_PER_MONTH: (
            "3500.00",
            GUESS,
            SRC_DOMAIN + ": koordinaattorin kustannus",
        ),
        ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES: (
            "0",
            GUESS,
            SRC_DOMAIN + ": verot valinnaisesti mukaan",
        ),
        ParameterKey.INCOME_TAX_RATE: (
            "6.0",
            GUESS,
            SRC_TAXES + " (keskim. tulovero pienestä palkasta)",
        ),
        ParameterKey.EMPLOYEE_UNEMPLOYMENT_INSURANCE: _employee_unemployment_insurance(year),
        ParameterKey.EMPLOYEE_HEALTH_INSURANCE: (
            "1.35",
            GUESS,
            SRC_TAXES + " (päivärahamaksu + sairaanhoitomaksu)",
        ),
        ParameterKey.SUBSIDY_PAYMENT_LAG_MONTHS: ("2", GUESS, SRC_LAG + " (palkkatuki)"),
        ParameterKey.TOP_UP_PAYMENT_LAG_MONTHS: ("1", GUESS, SRC_LAG + " (kuntalisä)"),
        ParameterKey.SROI_DEADWEIGHT: ("20", GUESS, SRC_SROI),
        ParameterKey.SROI_ATTRIBUTION: ("25", GUESS, SRC_SROI),
        ParameterKey.SROI_DISPLACEMENT: ("10", GUESS, SRC_SROI),
        ParameterKey.SROI_DROP_OFF: ("30", GUESS, SRC_SROI),
        ParameterKey.SROI_DISCOUNT_RATE: ("3.5", GUESS, SRC_SROI),
    }


def _default_steps(year: int) -> list[tuple[int, str, str, str]]:
    """(from_days, share %, status, source): since 2025 a rising table, before it 50/70 %."""
    if year < 2025:
        return [
            (0, "0", VERIFIED, SRC_SHARE),
            (300, "50", VERIFIED, SRC_SHARE),
            (1000, "70", VERIFIED, SRC_SHARE),
        ]
    return [
        (0, "0", VERIFIED, SRC_SHARE),
        (100, "10", UNCERTAIN, SRC_SHARE + ": välivaiheet arvioita"),
        (250, "20", UNCERTAIN, SRC_SHARE + ": välivaiheet arvioita"),
        (400, "30", UNCERTAIN, SRC_SHARE + ": välivaiheet arvioita"),
        (500, "40", UNCERTAIN, SRC_SHARE + ": välivaiheet arvioita"),
        (600, "45", UNCERTAIN, SRC_SHARE + ": välivaiheet arvioita"),
        (700, "50", VERIFIED, SRC_SHARE),
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
