import datetime
from decimal import Decimal

import factory

from evaluation.models import Instrument, InstrumentItem, Metric, MetricKey, Scoring
from villages.tests.factories import MunicipalityFactory, ProgrammeFactory


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"mittari-{n}")
    name = factory.Sequence(lambda n: f"Mittari {n}")
    scale_min = 0
    scale_max = 10
    low_label = "huono"
    high_label = "hyvä"
    scoring = Scoring.MEAN

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if create:
            texts = extracted if extracted is not None else ["Terveyteni", "Arkeni"]
            InstrumentItem.objects.bulk_create(
                InstrumentItem(instrument=self, order=i, text=text, text_sv=f"{text} (sv)")
                for i, text in enumerate(texts, start=1)
            )


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Metric

    programme = factory.SubFactory(ProgrammeFactory)
    key = MetricKey.PEOPLE_EMPLOYED
    target = Decimal("5")
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
