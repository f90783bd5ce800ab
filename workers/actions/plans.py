"""The individual plan and its reviews."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.audit import snapshot
from ryhma.dates import add_months
from ryhma.saving import save_recorded
from workers.actions import acting_user
from workers.models import IndividualPlan, PlanReview, Worker

PLAN_FIELDS = ["starts_on", "goals", "pathway", "support_needed", "review_interval_months"]


@transaction.atomic
def save_plan(
    *, actor, worker: Worker, expected_version: int | None = None, **fields
) -> IndividualPlan:
    """Create the worker's plan, or update it (with the version the user started from)."""
    plan = IndividualPlan.objects.filter(worker=worker).first()
    if plan is None:
        plan = IndividualPlan(
            worker=worker,
            created_by=acting_user(actor),
            **fields,
        )
        plan.next_review_on = add_months(plan.starts_on, plan.review_interval_months)
        return save_recorded(plan, actor=actor, fields=PLAN_FIELDS)
    before = snapshot(plan, PLAN_FIELDS)
    for name, value in fields.items():
        setattr(plan, name, value)
    return save_recorded(
        plan,
        actor=actor,
        fields=PLAN_FIELDS,
        written=[*fields, "next_review_on"],
        expected_version=expected_version if expected_version is not None else plan.version,
        before=before,
        check=_schedule_next_review,
        full_clean=False,
    )


def _schedule_next_review(plan: IndividualPlan) -> None:
    last_review = plan.reviews.order_by("-reviewed_on").first()
    base = last_review.reviewed_on if last_review else plan.starts_on
    plan.next_review_on = add_months(base, plan.review_interval_months)
    plan.full_clean()


@transaction.atomic
def record_plan_review(
    *, actor, plan: IndividualPlan, reviewed_on: datetime.date, progress: str
) -> PlanReview:
    if reviewed_on < plan.starts_on:
        raise ValidationError(
            {"reviewed_on": _("The review date is before the plan was made. Check the date.")}
        )
    if reviewed_on > timezone.localdate():
        raise ValidationError(
            {
                "reviewed_on": _(
                    "The review date is in the future. Record a review once it has been held."
                )
            }
        )
    review = PlanReview(
        plan=plan,
        reviewed_on=reviewed_on,
        progress=progress,
        recorded_by=acting_user(actor),
    )
    save_recorded(review, actor=actor, fields=["reviewed_on", "progress"])
    latest = max(reviewed_on, *(r.reviewed_on for r in plan.reviews.all()))
    IndividualPlan.objects.filter(pk=plan.pk).update(
        next_review_on=add_months(latest, plan.review_interval_months)
    )
    return review
