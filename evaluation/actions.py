"""Writes of the evaluation app: assessments, personal links, metrics and parameter sets."""

import datetime
import secrets
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation import kept_figures
from evaluation.models import (
    Answer,
    Assessment,
    AssessmentLink,
    AssessmentStatus,
    Instrument,
    InstrumentItem,
    Metric,
    SocialAssistanceDrop,
    SroiProxy,
)
from evaluation.models.instruments import hash_token
from ryhma.audit import delete_recorded, diff, record
from ryhma.concurrency import save_versioned
from ryhma.models import AuditAction
from ryhma.saving import record_read, save_recorded
from workers.models import (
    Employment,
    MunicipalShareStep,
    ParameterSet,
    ParameterStatus,
    ParameterValue,
    Worker,
)

LINK_SALT = "evaluation.assessment-link"
LINK_DAYS = 14
ASSESSMENT_FIELDS = (
    "worker",
    "instrument",
    "timepoint",
    "assessed_on",
    "status",
    "score",
    "by_self_service",
    "recorded_by",
)
METRIC_FIELDS = ("key", "instrument", "target", "period_start", "period_end", "note")
SROI_PROXY_FIELDS = (
    "name",
    "quantity_source",
    "value_per_unit",
    "duration_years",
    "source",
    "status",
    "is_active",
)
ASSISTANCE_DROP_FIELDS = (
    "worker",
    "first_month",
    "last_month",
    "monthly_amount",
    "source",
    "note",
    "recorded_by",
)
INSTRUMENT_FIELDS = ("code", "name", "version", "scale_min", "scale_max", "direction", "scoring")


def record_view(*, actor, instance, municipality_id: int | None) -> None:
    """The audit event of a page that shows a person's data (a GET writes nothing else)."""
    record_read(instance, actor=actor, municipality_id=municipality_id)


def _answers_for(instrument: Instrument, answers: dict[int, int]) -> list[tuple]:
    items = list(instrument.items.order_by("order"))
    missing = [item for item in items if answers.get(item.pk) is None]
    if missing:
        raise ValidationError(
            _("Answer every statement: “%(item)s” has no answer.") % {"item": missing[0].text}
        )
    for item in items:
        value = answers[item.pk]
        if not instrument.scale_min <= value <= instrument.scale_max:
            raise ValidationError(
                _("The answer to “%(item)s” must be between %(min)s and %(max)s.")
                % {"item": item.text, "min": instrument.scale_min, "max": instrument.scale_max}
            )
    return [(item, answers[item.pk]) for item in items]


def _complete(assessment: Assessment, pairs: list[tuple], *, actor) -> None:
    """Score the answers, save the assessment as done with its audit event and its answers."""
    assessment.score = assessment.instrument.score(
        [value for _item, value in pairs], [item for item, _value in pairs]
    )
    assessment.status = AssessmentStatus.DONE
    save_recorded(
        assessment,
        actor=actor,
        fields=ASSESSMENT_FIELDS,
        full_clean=False,
        check=lambda row: row.full_clean(validate_unique=False),
    )
    Answer.objects.filter(assessment=assessment).delete()
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item=item, value=value) for item, value in pairs
    )


@transaction.atomic
def record_assessment(
    *,
    worker: Worker,
    instrument: Instrument,
    timepoint: str,
    assessed_on: datetime.date,
    answers: dict[int, int],
    actor,
    by_self_service: bool = False,
) -> Assessment:
    """Record (or re-record) a worker's answers for a timepoint and compute the score
    (`by_self_service`: the worker answered on their own account)."""
    pairs = _answers_for(instrument, answers)
    assessment = Assessment.objects.filter(
        worker=worker, instrument=instrument, timepoint=timepoint
    ).first()
    if assessment is None:
        assessment = Assessment(worker=worker, instrument=instrument, timepoint=timepoint)
    assessment.assessed_on = assessed_on
    assessment.recorded_by = actor
    assessment.by_self_service = by_self_service
    _complete(assessment, pairs, actor=actor)
    return assessment


@transaction.atomic
def create_assessment_link(
    *,
    worker: Worker,
    instrument: Instrument,
    timepoint: str,
    actor,
    language: str = "fi",
    days_valid: int = LINK_DAYS,
) -> tuple[AssessmentLink, str]:
    """A pending assessment with a personal link; returns the link row and the token.

    The token is signed (so a forged one is refused before any lookup) and only its
    hash is stored: the token is shown once, to be sent to the worker.
    """
    assessment, _created = Assessment.objects.get_or_create(
        worker=worker,
        instrument=instrument,
        timepoint=timepoint,
        defaults={"assessed_on": timezone.localdate(), "recorded_by": actor},
    )
    if assessment.status == AssessmentStatus.DONE:
        raise ValidationError(_("This assessment has already been answered."))
    token = signing.dumps({"a": assessment.pk, "n": secrets.token_urlsafe(16)}, salt=LINK_SALT)
    AssessmentLink.objects.filter(assessment=assessment).delete()
    link = AssessmentLink(
        assessment=assessment,
        token_hash=hash_token(token),
        language=language if language in ("fi", "sv", "en") else "fi",
        expires_at=timezone.now() + datetime.timedelta(days=days_valid),
        created_by=actor,
    )
    save_recorded(link, actor=actor, fields=["expires_at"], municipality_id=worker.municipality_id)
    return link, token


def link_for_token(token: str) -> AssessmentLink | None:
    """The usable link of a token, or None (forged, unknown, expired or already used)."""
    try:
        signing.loads(token, salt=LINK_SALT, max_age=datetime.timedelta(days=60))
    except signing.BadSignature:
        return None
    link = (
        AssessmentLink.objects.select_related("assessment__instrument", "assessment__worker")
        .filter(token_hash=hash_token(token))
        .first()
    )
    return link if link is not None and link.is_usable else None


@transaction.atomic
def answer_assessment_by_link(*, token: str, answers: dict[int, int]) -> Assessment:
    """The worker's own answers through the personal link; the link works once."""
    link = link_for_token(token)
    if link is None:
        raise ValidationError(_("This link has expired or has already been used."))
    locked = AssessmentLink.objects.select_for_update().get(pk=link.pk)
    if not locked.is_usable:
        raise ValidationError(_("This link has expired or has already been used."))
    assessment = link.assessment
    pairs = _answers_for(assessment.instrument, answers)
    assessment.assessed_on = timezone.localdate()
    assessment.by_self_service = True
    _complete(assessment, pairs, actor=None)
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    return assessment


@transaction.atomic
def save_metric(*, metric: Metric, expected_version: int | None, actor) -> Metric:
    """Create or update a programme metric (optimistic locking on update)."""
    return save_recorded(
        metric, actor=actor, fields=METRIC_FIELDS, expected_version=expected_version or 0
    )


@transaction.atomic
def delete_metric(*, metric: Metric, actor) -> None:
    delete_recorded(actor=actor, instance=metric, municipality_id=metric.programme.municipality_id)


def parameter_set_is_used(parameter_set: ParameterSet) -> bool:
    """Figures have been computed from the set once anyone was employed in its year."""
    first = datetime.date(parameter_set.year, 1, 1)
    last = datetime.date(parameter_set.year, 12, 31)
    return (
        Employment.objects.filter(association__village__municipality=parameter_set.municipality)
        .overlapping(first, last)
        .exists()
    )


@transaction.atomic
def update_parameter_set(
    *,
    parameter_set: ParameterSet,
    expected_version: int,
    values: dict[str, tuple[Decimal | None, str, str]],
    steps: list[tuple[int, Decimal, str, str]],
    note: str,
    actor,
) -> ParameterSet:
    """Save edited values; a set already used is superseded by a new one, never rewritten.

    `values` maps each key to (value or None, source, status); `steps` lists the
    municipal-share steps as (from_days, share %, source, status).
    """
    if parameter_set.status != ParameterStatus.ACTIVE:
        raise ValidationError(_("A superseded parameter set cannot be edited."))
    if parameter_set_is_used(parameter_set):
        parameter_set.status = ParameterStatus.SUPERSEDED
        save_versioned(parameter_set, expected_version=expected_version, fields=["status"])
        target = ParameterSet(
            municipality=parameter_set.municipality,
            year=parameter_set.year,
            supersedes=parameter_set,
            note=note,
            created_by=actor,
        )
        target.full_clean()
        target.save()
        action = AuditAction.CREATE
    else:
        target = parameter_set
        target.note = note
        save_versioned(target, expected_version=expected_version, fields=["note"])
        action = AuditAction.UPDATE
    before = {row.key: str(row.value) for row in target.values.all()}
    target.values.all().delete()
    target.share_steps.all().delete()
    rows = []
    for key, (value, source, status) in values.items():
        row = ParameterValue(
            parameter_set=target, key=key, value=value, source=source, status=status
        )
        row.full_clean(exclude=["parameter_set"])
        rows.append(row)
    ParameterValue.objects.bulk_create(rows)
    step_rows = []
    for from_days, share, source, status in steps:
        step = MunicipalShareStep(
            parameter_set=target,
            from_days=from_days,
            share_percent=share,
            source=source,
            status=status,
        )
        step.full_clean(exclude=["parameter_set"])
        step_rows.append(step)
    MunicipalShareStep.objects.bulk_create(step_rows)
    after = {key: str(value) for key, (value, _s, _st) in values.items()}
    record(
        actor=actor,
        action=action,
        instance=target,
        changes=diff(before, after),
        municipality_id=target.municipality_id,
    )
    kept_figures.mark_stale(target.municipality, target.year)
    return target


@transaction.atomic
def delete_parameter_set(*, parameter_set: ParameterSet, actor) -> None:
    if parameter_set_is_used(parameter_set) or hasattr(parameter_set, "superseded_by"):
        raise ValidationError(
            _("Figures have been computed from this parameter set: supersede it instead.")
        )
    delete_recorded(
        actor=actor,
        instance=parameter_set,
        changes={"year": parameter_set.year},
        municipality_id=parameter_set.municipality_id,
    )
    kept_figures.mark_stale(parameter_set.municipality, parameter_set.year)


@transaction.atomic
def save_sroi_proxy(*, proxy: SroiProxy, expected_version: int | None, actor) -> SroiProxy:
    """Create or update an SROI value proxy (optimistic locking on update), audited."""
    return save_recorded(
        proxy, actor=actor, fields=SROI_PROXY_FIELDS, expected_version=expected_version or 0
    )


@transaction.atomic
def record_assistance_drop(
    *,
    worker: Worker,
    first_month: datetime.date,
    last_month: datetime.date,
    monthly_amount: Decimal,
    source: str,
    note: str = "",
    actor,
) -> SocialAssistanceDrop:
    """Record a monthly drop in the worker's household's basic social assistance, audited.

    Months are given as their first days. A month may be covered by one record only, so
    that the city's cash view never counts a drop twice.
    """
    drop = SocialAssistanceDrop(
        worker=worker,
        first_month=first_month,
        last_month=last_month,
        monthly_amount=monthly_amount,
        source=source.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    save_recorded(drop, actor=actor, fields=ASSISTANCE_DROP_FIELDS, check=_refuse_overlapping_drop)
    kept_figures.drop_changed(drop)
    return drop


def _refuse_overlapping_drop(drop: SocialAssistanceDrop) -> None:
    clash = (
        SocialAssistanceDrop.objects.select_for_update()
        .filter(worker=drop.worker)
        .overlapping(drop.first_month, drop.last_month)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _(
                "A drop is already recorded for %(first)s–%(last)s. Remove it first or choose"
                " months it does not cover."
            )
            % {
                "first": f"{clash.first_month.month}/{clash.first_month.year}",
                "last": f"{clash.last_month.month}/{clash.last_month.year}",
            }
        )


@transaction.atomic
def delete_assistance_drop(*, drop: SocialAssistanceDrop, actor) -> None:
    delete_recorded(actor=actor, instance=drop, municipality_id=drop.worker.municipality_id)
    kept_figures.drop_changed(drop)


@transaction.atomic
def create_instrument(*, instrument: Instrument, items: list[InstrumentItem], actor) -> Instrument:
    """Save a new instrument with its statements, audited."""
    save_recorded(instrument, actor=actor, fields=INSTRUMENT_FIELDS)
    for item in items:
        item.instrument = instrument
    InstrumentItem.objects.bulk_create(items)
    return instrument
