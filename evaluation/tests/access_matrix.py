"""Access matrix entries for evaluation/ (format: ryhma/tests/test_access_matrix.py)."""

from evaluation.tests.factories import InstrumentFactory, MetricFactory
from evaluation.tests.reports.access import REPORT_CASES
from ryhma.testing import Case, expect
from villages.tests.factories import ProgrammeFactory
from workers.models import Worker
from workers.parameters import seed_default_parameter_set
from workers.tests.factories import EmploymentFactory, WorkerFactory

READERS = {"coordinator": 200, "official": 200, "outsider": 200}


def foreign_worker(w):
    return WorkerFactory(municipality=w.other_municipality).pk


def other_association_worker(w):
    worker = WorkerFactory(municipality=w.municipality)
    EmploymentFactory(worker=worker, association=w.other_association)
    return worker.pk


def foreign_metric(w):
    metric = MetricFactory(programme=ProgrammeFactory(municipality=w.other_municipality))
    return {"slug": metric.programme.slug, "pk": metric.pk}


def foreign_parameter_set(w):
    return {"pk": seed_default_parameter_set(municipality=w.other_municipality, year=2031).pk}


CASES = [
    *REPORT_CASES,
    Case("evaluation:dashboard", expect(**READERS)),
    # Each worker's figures: coordinators only (officials see aggregates).
    Case("evaluation:worker_figures", expect(coordinator=200, outsider=200)),
    Case(
        "evaluation:explain",
        expect(coordinator=200, official=200),
        kwargs=lambda w: {"key": "hours"},
        label="own programme; the outsider's municipality has none",
    ),
    Case("evaluation:due", expect(coordinator=200, staff=200, outsider=200)),
    # A worker's own pages: the matrix's worker has no linked worker data, so nothing is due.
    Case("evaluation:my_assessments", expect(worker=200)),
    Case(
        "evaluation:my_assessment_answer",
        expect(),
        kwargs=lambda w: {
            "instrument_id": InstrumentFactory.create(municipality=w.other_municipality).pk,
            "timepoint": "start",
        },
        label="another municipality's instrument",
    ),
    Case(
        "evaluation:worker_assessments",
        expect(outsider=200),
        kwargs=lambda w: {"worker_id": foreign_worker(w)},
        label="another municipality's worker",
    ),
    Case(
        "evaluation:worker_assessments",
        expect(coordinator=200),
        kwargs=lambda w: {"worker_id": other_association_worker(w)},
        label="another association's worker",
    ),
    Case(
        "evaluation:assessment_record",
        expect(outsider=200),
        kwargs=lambda w: {
            "worker_id": foreign_worker(w),
            "instrument_id": InstrumentFactory.create(municipality=w.other_municipality).pk,
        },
        label="another municipality's worker",
    ),
    Case(
        "evaluation:assessment_record",
        expect(coordinator=200),
        kwargs=lambda w: {
            "worker_id": other_association_worker(w),
            "instrument_id": InstrumentFactory.create(municipality=w.municipality).pk,
        },
        label="another association's worker",
    ),
    Case(
        "evaluation:assessment_link",
        expect(coordinator=302),
        kwargs=lambda w: {"worker_id": other_association_worker(w)},
        method="post",
        data=lambda w: {},
        label="another association's worker",
    ),
    Case(
        "evaluation:assessment_link",
        expect(outsider=302),
        kwargs=lambda w: {"worker_id": foreign_worker(w)},
        method="post",
        data=lambda w: {},
        label="another municipality's worker",
    ),
    Case(
        "evaluation:self_assessment",
        expect(410, anonymous=410),
        kwargs=lambda w: {"token": "not-a-valid-token"},
        label="forged token",
    ),
    Case(
        "evaluation:metrics",
        expect(outsider=200),
        kwargs=lambda w: {"slug": ProgrammeFactory(municipality=w.other_municipality).slug},
        label="another municipality's programme",
    ),
    Case(
        "evaluation:metrics",
        expect(coordinator=200, official=200),
        kwargs=lambda w: {"slug": w.programme.slug},
        label="own programme",
    ),
    Case(
        "evaluation:metric_edit",
        expect(outsider=200),
        kwargs=foreign_metric,
        label="another municipality's metric",
    ),
    Case(
        "evaluation:metric_delete",
        expect(outsider=302),
        kwargs=foreign_metric,
        method="post",
        label="another municipality's metric",
    ),
    Case("evaluation:instruments", expect(**READERS)),
    Case("evaluation:instrument_create", expect(coordinator=200, outsider=200)),
    Case("evaluation:parameter_sets", expect(**READERS)),
    Case(
        "evaluation:parameter_set",
        expect(outsider=200),
        kwargs=foreign_parameter_set,
        label="another municipality's parameter set",
    ),
    Case(
        "evaluation:parameter_set_delete",
        expect(outsider=302),
        kwargs=foreign_parameter_set,
        method="post",
        label="another municipality's unused parameter set",
    ),
]


def foreign_proxy(w):
    from evaluation.models import QuantitySource, SroiProxy

    proxy = SroiProxy.objects.create(
        municipality=w.other_municipality,
        name="Hyvinvointi",
        quantity_source=QuantitySource.PERSON_MONTHS,
        value_per_unit=100,
    )
    return {"pk": proxy.pk}


CASES += [
    Case("evaluation:sroi_proxies", expect(**READERS)),
    Case(
        "evaluation:sroi_proxy_edit",
        expect(outsider=200),
        kwargs=foreign_proxy,
        label="another municipality's value proxy",
    ),
]


def foreign_drop(w):
    return _drop_of(WorkerFactory(municipality=w.other_municipality))


def other_association_drop(w):
    return _drop_of(Worker.objects.get(pk=other_association_worker(w)))


def _drop_of(worker):
    from evaluation.models import SocialAssistanceDrop

    drop = SocialAssistanceDrop.objects.create(
        worker=worker,
        first_month="2026-01-01",
        last_month="2026-03-01",
        monthly_amount=100,
        source="Sosiaalitoimen lausunto",
    )
    return {"worker_id": worker.pk, "pk": drop.pk}


CASES += [
    Case(
        "evaluation:social_assistance",
        expect(outsider=200),
        kwargs=lambda w: {"worker_id": foreign_worker(w)},
        label="another municipality's worker",
    ),
    Case(
        "evaluation:social_assistance",
        expect(coordinator=200),
        kwargs=lambda w: {"worker_id": other_association_worker(w)},
        label="another association's worker: coordinators only",
    ),
    Case(
        "evaluation:social_assistance_delete",
        expect(outsider=302),
        kwargs=foreign_drop,
        method="post",
        label="another municipality's record",
    ),
    Case(
        "evaluation:social_assistance_delete",
        expect(coordinator=302),
        kwargs=other_association_drop,
        method="post",
        label="another association's record: coordinators only",
    ),
]


MUNICIPAL = "belongs to a municipality (its programme), not to an association"
NOT_PER_ASSOCIATION = {
    "evaluation:report_schedule_stop": "a report schedule " + MUNICIPAL,
    "evaluation:metrics": "the indicators of a programme, which " + MUNICIPAL,
    "evaluation:metric_edit": "an indicator " + MUNICIPAL,
    "evaluation:metric_delete": "an indicator " + MUNICIPAL,
    "evaluation:sroi_proxy_edit": "a value proxy " + MUNICIPAL,
    "evaluation:parameter_set": "a parameter set " + MUNICIPAL,
    "evaluation:parameter_set_delete": "a parameter set " + MUNICIPAL,
    "evaluation:my_assessment_answer": "an instrument " + MUNICIPAL + "; the worker is the user",
}
NOT_AN_OBJECT = {
    "evaluation:explain": "the key names a figure of the user's own programme, not a row",
    "evaluation:self_assessment": "a signed one-time token; forged and expired ones answer 410",
}
