"""Everything stored about one person, for a data-subject access request (JSON and a page)."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ryhma.audit import snapshot
from workers.actions.contracts import EMPLOYMENT_FIELDS
from workers.actions.decisions import DECISION_FIELDS
from workers.actions.personal_data import worker_audit_events
from workers.actions.workers import WORKER_FIELDS
from workers.models import (
    Attendance,
    Consent,
    Employment,
    Exit,
    FollowUp,
    IndividualPlan,
    Licence,
    PlanReview,
    SubsidyDecision,
    Worker,
)

SECTIONS = [
    # key, model, fields, rows(worker)
    (
        "worker",
        Worker,
        [*WORKER_FIELDS, "user", "created_at", "anonymised_at"],
        lambda w: [w],
    ),
    (
        "consents",
        Consent,
        ["purpose", "description", "given_on", "withdrawn_on"],
        lambda w: Consent.objects.filter(worker=w),
    ),
    (
        "employments",
        Employment,
        EMPLOYMENT_FIELDS,
        lambda w: Employment.objects.filter(worker=w).select_related("association"),
    ),
    (
        "subsidy_decisions",
        SubsidyDecision,
        ["employment", *DECISION_FIELDS],
        lambda w: SubsidyDecision.objects.filter(employment__worker=w).select_related(
            "employment__association", "employment__worker"
        ),
    ),
    (
        "plan",
        IndividualPlan,
        ["starts_on", "goals", "pathway", "support_needed", "next_review_on"],
        lambda w: IndividualPlan.objects.filter(worker=w),
    ),
    (
        "plan_reviews",
        PlanReview,
        ["reviewed_on", "progress"],
        lambda w: PlanReview.objects.filter(plan__worker=w),
    ),
    (
        "licences",
        Licence,
        ["kind", "name", "obtained_on", "expires_on", "gained_in_programme"],
        lambda w: Licence.objects.filter(worker=w),
    ),
    (
        "group_activities",
        Attendance,
        ["activity"],
        lambda w: Attendance.objects.filter(worker=w).select_related("activity"),
    ),
    (
        "exit",
        Exit,
        ["exited_on", "reason", "destination", "note"],
        lambda w: Exit.objects.filter(worker=w),
    ),
    (
        "follow_ups",
        FollowUp,
        ["timepoint", "due_on", "recorded_on", "destination", "note"],
        lambda w: FollowUp.objects.filter(exit__worker=w),
    ),
]


def _display(instance, name):
    field = instance._meta.get_field(name)
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    value = getattr(instance, name)
    if field.is_relation:
        return str(value) if value is not None else None
    return value


def worker_data(worker: Worker) -> dict:
    """{section: {"title", "rows": [{"fields": {name: value}, "labels": [(label, shown)]}]}}."""
    data = {}
    for key, model, fields, rows in SECTIONS:
        items = []
        for instance in rows(worker):
            values = snapshot(
                instance,
                [instance._meta.get_field(n).attname for n in fields],
            )
            items.append(
                {
                    "fields": values,
                    "labels": [
                        (capfirst(instance._meta.get_field(n).verbose_name), _display(instance, n))
                        for n in fields
                    ],
                }
            )
        data[key] = {"title": str(capfirst(model._meta.verbose_name_plural)), "rows": items}
    data["audit_trail"] = {
        "title": _("Who has handled the data"),
        "rows": [
            {
                "fields": {
                    "at": event.at.isoformat(),
                    "user": event.actor_name,
                    "action": event.action,
                    "object": event.object_repr,
                },
                "labels": [
                    (_("Time"), event.at),
                    (_("User"), event.actor_name),
                    (_("Action"), event.get_action_display()),
                    (_("Object"), event.object_repr),
                ],
            }
            for event in worker_audit_events(worker)
        ],
    }
    return data


def worker_data_json(worker: Worker) -> dict:
    return {
        key: [row["fields"] for row in section["rows"]]
        for key, section in worker_data(worker).items()
    }
