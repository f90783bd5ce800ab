"""Data-subject rights and retention: the audit trail, views and exports of a
worker's data, anonymising.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.models import AuditAction, AuditEvent
from ryhma.saving import record_read, save_recorded
from workers.models import (
    Consent,
    Employment,
    Exit,
    FollowUp,
    GroupActivity,
    IndividualPlan,
    Licence,
    PlanReview,
    SubsidyDecision,
    Worker,
)

ANONYMOUS_FIRST_NAME = "Anonymisoitu"
IDENTITY_FIELDS = {"first_name", "last_name", "email", "phone", "languages", "user_id"}
ANONYMISED_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "languages",
    "user",
    "anonymised_at",
]


def _worker_rows(worker: Worker) -> dict[type, list[int]]:
    """The primary keys of every row about the worker, by model (for the audit trail)."""
    employments = list(worker.employments.values_list("pk", flat=True))
    return {
        Worker: [worker.pk],
        Employment: employments,
        SubsidyDecision: list(
            SubsidyDecision.objects.filter(employment__in=employments).values_list("pk", flat=True)
        ),
        Consent: list(worker.consents.values_list("pk", flat=True)),
        IndividualPlan: list(
            IndividualPlan.objects.filter(worker=worker).values_list("pk", flat=True)
        ),
        PlanReview: list(
            PlanReview.objects.filter(plan__worker=worker).values_list("pk", flat=True)
        ),
        Licence: list(worker.licences.values_list("pk", flat=True)),
        Exit: list(Exit.objects.filter(worker=worker).values_list("pk", flat=True)),
        FollowUp: list(FollowUp.objects.filter(exit__worker=worker).values_list("pk", flat=True)),
        # The attendance is recorded on the activity: its events belong to the trail too.
        GroupActivity: list(worker.attendances.values_list("activity_id", flat=True)),
    }


def worker_audit_events(worker: Worker):
    """The audit trail of the worker and of every row about them, newest first."""
    from django.contrib.contenttypes.models import ContentType

    condition = Q(pk__in=[])
    for model, pks in _worker_rows(worker).items():
        if pks:
            content_type = ContentType.objects.get_for_model(model)
            condition |= Q(content_type=content_type, object_id__in=[str(pk) for pk in pks])
    return AuditEvent.objects.filter(condition).order_by("-at", "-id")


def record_worker_view(*, actor, worker: Worker) -> None:
    """Opening a worker's page is itself recorded: who looked at whose data, and when."""
    record_read(worker, actor=actor)


@transaction.atomic
def record_worker_export(*, actor, worker: Worker) -> None:
    """Every copy of a worker's data taken out of the service is an event."""
    record_read(worker, actor=actor, action=AuditAction.EXPORT)


def _scrub(value, names: set[str]):
    if isinstance(value, str):
        for name in names:
            value = value.replace(name, "–")
        return value
    if isinstance(value, list):
        return [_scrub(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, names) for k, v in value.items()}
    return value


@transaction.atomic
def anonymise_worker(*, actor, worker: Worker, reason: str) -> Worker:
    """Remove the worker's identity; keep contracts, decisions, hours and outcomes.

    Names, contact details, languages, the login link and free-text notes go; so do
    the names in the audit trail. Birth year, unemployment history and every date and
    number stay, so that statistics (age bands, hours, destinations) remain right.
    """
    if worker.anonymised_at is not None:
        raise ValidationError(_("This worker has already been anonymised."))
    identifying = {
        v
        for v in (worker.first_name, worker.last_name, str(worker), worker.email, worker.phone)
        if v
    }
    events = list(worker_audit_events(worker))
    for event in events:
        event.object_repr = _scrub(event.object_repr, identifying)
        event.changes = {
            k: (["–", "–"] if k in IDENTITY_FIELDS else _scrub(v, identifying))
            for k, v in event.changes.items()
        }
    AuditEvent.objects.bulk_update(events, ["object_repr", "changes"])
    worker.first_name = ANONYMOUS_FIRST_NAME
    worker.last_name = f"#{worker.pk}"
    worker.email = ""
    worker.phone = ""
    worker.languages = ""
    worker.user = None
    worker.anonymised_at = timezone.now()
    worker.version += 1
    save_recorded(
        worker,
        actor=actor,
        fields=[],
        written=[*ANONYMISED_FIELDS, "version", "updated_at"],
        full_clean=False,
        changes={"anonymised": [None, reason]},
    )
    worker.consents.update(description="")
    IndividualPlan.objects.filter(worker=worker).update(goals="–", support_needed="")
    PlanReview.objects.filter(plan__worker=worker).update(progress="–")
    Exit.objects.filter(worker=worker).update(note="")
    FollowUp.objects.filter(exit__worker=worker).update(note="")
    return worker


def anonymise_after_retention(*, today: datetime.date | None = None, actor=None) -> int:
    """Anonymise everyone who left more than WORKER_RETENTION_YEARS ago. Returns how many."""
    today = today or timezone.localdate()
    years = settings.WORKER_RETENTION_YEARS
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:
        cutoff = today.replace(year=today.year - years, day=28)
    due = Worker.objects.filter(anonymised_at__isnull=True, exit__exited_on__lt=cutoff)
    count = 0
    for worker in due.iterator():
        anonymise_worker(
            actor=actor,
            worker=worker,
            reason=_("retention period of %(years)s years after exit") % {"years": years},
        )
        count += 1
    return count
