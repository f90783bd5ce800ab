"""Demo data for evaluation: our own default instruments (domain brief §6), SROI proxies,
the programme's metrics with targets, and assessments of the demo workers.

The instruments are our own simple wordings. Licensed instruments (THL
osallisuusindikaattori, Kykyviisari, 3X10D) are not copied: coordinators enter them.
"""

import datetime
from decimal import Decimal

from evaluation import kept_figures
from evaluation.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Direction,
    Instrument,
    InstrumentItem,
    Metric,
    MetricKey,
    QuantitySource,
    Respondent,
    Scoring,
    SroiProxy,
    Timepoint,
)
from workers.models import Employment, SourceStatus

OWN = "Ryhmä-sovelluksen oma mittari; vapaasti käytettävissä ja muokattavissa."
OWN_SV = "Ryhmä-applikationens egen mätare; fritt att använda och ändra."
OWN_EN = "Ryhmä's own instrument; free to use and to change."

# code, name, (sv, en names), scale, labels (fi, sv, en), scoring, respondent, items
INSTRUMENTS = [
    (
        "tyokyky",
        "Oma arvio työkyvystä",
        ("Egen bedömning av arbetsförmågan", "Own rating of work ability"),
        (0, 10),
        (
            ("en pysty lainkaan työhön", "kan inte arbeta alls", "cannot work at all"),
            ("paras mahdollinen työkyky", "bästa möjliga arbetsförmåga", "best possible"),
        ),
        Scoring.MEAN,
        Respondent.WORKER,
        [
            (
                "Kuinka hyvä työkykysi on nyt?",
                "Hur god är din arbetsförmåga nu?",
                "How good is your ability to work right now?",
            )
        ],
    ),
    (
        "elamantilanne",
        "Elämäntilanne",
        ("Livssituation", "Life situation"),
        (0, 10),
        (
            ("erittäin huonosti", "mycket dåligt", "very badly"),
            ("erittäin hyvin", "mycket bra", "very well"),
        ),
        Scoring.MEAN,
        Respondent.WORKER,
        [
            ("Terveyteni", "Min hälsa", "My health"),
            (
                "Selviän vaikeuksista",
                "Jag klarar av svårigheter",
                "I cope with difficulties",
            ),
            ("Asumiseni", "Mitt boende", "My housing"),
            ("Selviän arjesta", "Jag klarar vardagen", "I cope with everyday life"),
            ("Perhesuhteeni", "Mina familjerelationer", "My family"),
            ("Ystävyyssuhteeni", "Mina vänskapsrelationer", "My friends"),
            ("Raha-asiani", "Min ekonomi", "My finances"),
            ("Omat vahvuuteni", "Mina egna styrkor", "My own strengths"),
            ("Itsetuntoni", "Min självkänsla", "My self-esteem"),
            ("Elämäni kokonaisuutena", "Mitt liv som helhet", "My life as a whole"),
        ],
    ),
    (
        "osallisuus",
        "Osallisuus ja toimijuus",
        ("Delaktighet och handlingskraft", "Inclusion and agency"),
        (1, 5),
        (
            ("täysin eri mieltä", "helt av annan åsikt", "strongly disagree"),
            ("täysin samaa mieltä", "helt av samma åsikt", "strongly agree"),
        ),
        Scoring.PERCENT,
        Respondent.WORKER,
        [
            (
                "Tunnen kuuluvani kyläni yhteisöön.",
                "Jag känner att jag hör till byns gemenskap.",
                "I feel I belong to my village's community.",
            ),
            (
                "Minulla on ihmisiä, joiden kanssa jaan arkeni.",
                "Jag har människor som jag delar vardagen med.",
                "I have people to share my everyday life with.",
            ),
            (
                "Pystyn vaikuttamaan omiin asioihini.",
                "Jag kan påverka mina egna angelägenheter.",
                "I can influence my own affairs.",
            ),
            (
                "Teen työtä, josta on hyötyä muille.",
                "Jag gör arbete som är till nytta för andra.",
                "My work is useful to others.",
            ),
            (
                "Tiedän, mitä haluan tehdä seuraavaksi.",
                "Jag vet vad jag vill göra härnäst.",
                "I know what I want to do next.",
            ),
        ],
    ),
    (
        "asiakastyytyvaisyys",
        "Asiakastyytyväisyys",
        ("Kundnöjdhet", "Customer satisfaction"),
        (1, 5),
        (
            ("erittäin tyytymätön", "mycket missnöjd", "very dissatisfied"),
            ("erittäin tyytyväinen", "mycket nöjd", "very satisfied"),
        ),
        Scoring.MEAN,
        Respondent.CUSTOMER,
        [
            (
                "Kuinka tyytyväinen olit saamaasi palveluun?",
                "Hur nöjd var du med tjänsten?",
                "How satisfied were you with the service?",
            )
        ],
    ),
]

PROXIES = [
    (
        (
            "Työllistettyjen hyvinvointi ja toimintakyky",
            "De anställdas välmående och funktionsförmåga",
            "Well-being and functional capacity of the employed",
        ),
        QuantitySource.PERSON_MONTHS,
        "150.00",
        1,
        "Oletus: arvio parantuneen arjen ja toimintakyvyn arvosta henkilötyökuukaudessa",
    ),
    (
        ("Kylien lähipalvelut", "Byarnas närservice", "Local services of the villages"),
        QuantitySource.HOURS,
        "18.00",
        1,
        "Oletus: vastaavan palvelun markkinahinta 15–20 €/h",
    ),
    (
        (
            "Siirtymä avoimille työmarkkinoille",
            "Övergång till den öppna arbetsmarknaden",
            "Moving on to the open labour market",
        ),
        QuantitySource.OPEN_MARKET,
        "8000.00",
        3,
        "Oletus: vältetyt etuudet ja verotulot vuodessa",
    ),
    (
        ("Vältetty työttömyysetuus", "Undvikt arbetslöshetsförmån", "Avoided unemployment benefit"),
        QuantitySource.AVOIDED_BENEFIT,
        "1.00",
        1,
        "Laskettu: Kela, työmarkkinatuki / yleistuki",
    ),
]

# key, target, instrument code
METRICS = [
    (MetricKey.PEOPLE_EMPLOYED, "20", None),
    (MetricKey.PERSON_MONTHS, "150", None),
    (MetricKey.HOURS, "15000", None),
    (MetricKey.OPEN_MARKET_3M, "22", None),
    (MetricKey.OPEN_MARKET_6M, "25", None),
    (MetricKey.INSTRUMENT_CHANGE, "0.5", "elamantilanne"),
    (MetricKey.ORDERS_DONE, "300", None),
    (MetricKey.UNIQUE_CUSTOMERS, "120", None),
    (MetricKey.SHARE_65_PLUS, "50", None),
    (MetricKey.SATISFACTION, "4.2", None),
    (MetricKey.REVENUE, "25000", None),
    (MetricKey.NET_COST_PER_PERSON_MONTH, "300", None),
    (MetricKey.CITY_NET_EFFECT, "0", None),
]


def seed_instruments(municipality) -> dict[str, Instrument]:
    """The default instruments of a municipality, created once (idempotent)."""
    result = {}
    for code, name, names, (low, high), labels, scoring, respondent, items in INSTRUMENTS:
        (low_fi, low_sv, low_en), (high_fi, high_sv, high_en) = labels
        instrument, created = Instrument.objects.get_or_create(
            municipality=municipality,
            code=code,
            version="1",
            defaults={
                "name": name,
                "scale_min": low,
                "scale_max": high,
                "low_label": low_fi,
                "high_label": high_fi,
                "scoring": scoring,
                "respondent": respondent,
                "direction": Direction.HIGHER_IS_BETTER,
                "licence_note": OWN,
                "instructions": "Valitse kuhunkin kohtaan numero, joka kuvaa tilannettasi nyt.",
                "translations": {
                    "sv": {
                        "name": names[0],
                        "low": low_sv,
                        "high": high_sv,
                        "instructions": "Välj för varje punkt den siffra som beskriver"
                        " din situation nu.",
                        "licence": OWN_SV,
                    },
                    "en": {
                        "name": names[1],
                        "low": low_en,
                        "high": high_en,
                        "instructions": "For each line, choose the number that describes"
                        " your situation now.",
                        "licence": OWN_EN,
                    },
                },
            },
        )
        if created:
            InstrumentItem.objects.bulk_create(
                InstrumentItem(instrument=instrument, order=i, text=fi, text_sv=sv, text_en=en)
                for i, (fi, sv, en) in enumerate(items, start=1)
            )
        result[code] = instrument
    return result


def _seed_assessments(municipality, instruments) -> None:
    """Start and 3-month assessments for the demo workers, with a modest improvement."""
    employments = (
        Employment.objects.filter(worker__municipality=municipality)
        .select_related("worker")
        .order_by("worker_id", "starts_on")
    )
    firsts: dict[int, Employment] = {}
    for employment in employments:
        firsts.setdefault(employment.worker_id, employment)
    today = datetime.date.today()  # noqa: DTZ011 - demo dates only
    worker_instruments = [i for i in instruments.values() if i.respondent == Respondent.WORKER]
    for index, employment in enumerate(firsts.values()):
        for instrument in worker_instruments:
            items = list(instrument.items.order_by("order"))
            span = instrument.scale_max - instrument.scale_min
            for timepoint, months, lift in ((Timepoint.START, 0, 0), (Timepoint.MONTH_3, 3, 1)):
                day = employment.starts_on + datetime.timedelta(days=30 * months)
                if day > today:
                    continue
                if Assessment.objects.filter(
                    worker=employment.worker, instrument=instrument, timepoint=timepoint
                ).exists():
                    continue
                values = [
                    min(
                        instrument.scale_max,
                        instrument.scale_min + (span * 2) // 5 + (index + n) % 3 + lift,
                    )
                    for n in range(len(items))
                ]
                assessment = Assessment.objects.create(
                    worker=employment.worker,
                    instrument=instrument,
                    timepoint=timepoint,
                    assessed_on=day,
                    status=AssessmentStatus.DONE,
                    score=instrument.score(values, items),
                )
                Answer.objects.bulk_create(
                    Answer(assessment=assessment, item=item, value=value)
                    for item, value in zip(items, values, strict=True)
                )


def seed(context: dict) -> None:
    municipality, programme = context["municipality"], context["programme"]
    instruments = seed_instruments(municipality)
    for (name, name_sv, name_en), source, value, years, note in PROXIES:
        SroiProxy.objects.get_or_create(
            municipality=municipality,
            name=name,
            defaults={
                "name_sv": name_sv,
                "name_en": name_en,
                "quantity_source": source,
                "value_per_unit": Decimal(value),
                "duration_years": years,
                "source": note,
                "status": SourceStatus.GUESS,
            },
        )
    year = 2026
    for key, target, code in METRICS:
        Metric.objects.get_or_create(
            programme=programme,
            key=key,
            period_start=datetime.date(year, 1, 1),
            defaults={
                "target": Decimal(target),
                "period_end": datetime.date(year, 12, 31),
                "instrument": instruments[code] if code else None,
            },
        )
    _seed_assessments(municipality, instruments)
    context["instruments"] = instruments
    # The demo's contracts, hours and drops were written in bulk: keep their figures.
    kept_figures.refresh_municipality(municipality)
