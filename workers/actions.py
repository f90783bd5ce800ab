"""Every write about workers: keyword-only, atomic, validated, audited.

Views, the import and the periodic retention task call these functions; nothing else
writes worker data. A refusal is a ValidationError whose message names the field and
says how to fix it; a warning (the employment still saves) comes back in `warnings`.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ryhma.audit import diff, record, snapshot
from ryhma.concurrency import save_versioned
from ryhma.models import AuditAction, AuditEvent, Role
from villages.models import Association, Membership
from workers import employment_checks, signals
from workers.models import (
    Attendance,
    Consent,
    Employment,
    Exit,
    FollowUp,
    FollowUpTimepoint,
    GroupActivity,
    IndividualPlan,
    Licence,
    PlanReview,
    SubsidyDecision,
    Worker,
    add_months,
)

WORKER_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_year",
    "months_unemployed_last_28",
    "months_unemployed_last_14",
    "benefit_days",
    "reduced_work_ability",
    "languages",
]
EMPLOYMENT_FIELDS = [
    "association",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "hourly_wage",
    "collective_agreement",
    "agreement_class",
    "tasks",
]
# The audit names the association by its id, as a snapshot stores it.
EMPLOYMENT_AUDIT_FIELDS = [f if f != "association" else "association_id" for f in EMPLOYMENT_FIELDS]
DECISION_FIELDS = [
    "subsidy_type",
    "rate_percent",
    "monthly_cap",
    "months",
    "starts_on",
    "ends_on",
    "payer",
    "decision_number",
    "decided_on",
]
PLAN_FIELDS = ["starts_on", "goals", "pathway", "support_needed", "review_interval_months"]
MAX_HOURS_PER_WEEK = Decimal("40")


@dataclass
class Outcome:
    """What an action saved, with warnings the user should see (the save went through)."""

    instance: object
    warnings: list[str] = field(default_factory=list)


def _audit(*, actor, action, instance, worker: Worker, changes: dict | None = None):
    record(
        actor=actor,
        action=action,
        instance=instance,
        changes=changes,
        municipality_id=worker.municipality_id,
    )


def _created(instance, fields) -> dict:
    return {name: [None, value] for name, value in snapshot(instance, fields).items()}


def _user(actor):
    """The actor as a value for a `recorded_by` field (None for the system)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _save_new(instance, *, actor, worker: Worker, fields: list[str], validate=None):
    """Validate (with `validate`, by default `full_clean`), save and audit a new row about
    `worker`."""
    if validate is None:
        instance.full_clean()
    else:
        validate(instance)
    instance.save()
    _audit(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        worker=worker,
        changes=_created(instance, fields),
    )
    return instance


def _update_versioned(
    instance,
    *,
    actor,
    worker: Worker,
    expected_version: int,
    values: dict,
    audit_fields: list[str],
    prepare,
    also_save: tuple[str, ...] = (),
):
    """Set `values` on `instance`, `prepare` it (validate, and derive the fields named in
    `also_save`), write those fields and audit the change. Raises StaleEditError when
    someone saved the row after `expected_version`."""
    before = snapshot(instance, audit_fields)
    for name, value in values.items():
        setattr(instance, name, value)
    prepare(instance)
    save_versioned(instance, expected_version=expected_version, fields=[*values, *also_save])
    _audit(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=instance,
        worker=worker,
        changes=diff(before, snapshot(instance, audit_fields)),
    )
    return instance


# --- Workers --------------------------------------------------------------------------------


def _validate_worker(worker: Worker) -> None:
    errors = {}
    if (
        worker.months_unemployed_last_14 is not None
        and worker.months_unemployed_last_28 is not None
    ):
        if worker.months_unemployed_last_14 > worker.months_unemployed_last_28:
            errors["months_unemployed_last_14"] = _(
                "Months unemployed in the last 14 months cannot be more than in the last 28 "
                "months. Check both numbers."
            )
    this_year = timezone.localdate().year
    if worker.birth_year is not None and not (
        this_year - 100 <= worker.birth_year <= this_year - 15
    ):
        errors["birth_year"] = _(
            "Birth year must be between %(first)s and %(last)s. Give the year with four digits."
        ) % {"first": this_year - 100, "last": this_year - 15}
    if errors:
        raise ValidationError(errors)
    worker.full_clean()


@transaction.atomic
def worker_create(*, actor, municipality, **fields) -> Worker:
    worker = Worker(municipality=municipality, **fields)
    return _save_new(
        worker, actor=actor, worker=worker, fields=WORKER_FIELDS, validate=_validate_worker
    )


@transaction.atomic
def worker_update(*, actor, worker: Worker, expected_version: int, **fields) -> Worker:
    """Raises StaleEditError when someone saved the worker after `expected_version`."""
    worker = _update_versioned(
        worker,
        actor=actor,
        worker=worker,
        expected_version=expected_version,
        values=fields,
        audit_fields=WORKER_FIELDS,
        prepare=_validate_worker,
        also_save=("updated_at",),
    )
    if "benefit_days" in fields:
        signals.announce_worker(worker)
    return worker


def login_candidates(worker: Worker):
    """Worker logins of the worker's municipality that no worker uses yet (for the picker)."""
    return (
        get_user_model()
        .objects.filter(
            role=Role.WORKER,
            is_active=True,
            membership__municipality_id=worker.municipality_id,
            worker_profile__isnull=True,
        )
        .order_by("username")
    )


def _login_for(worker: Worker, username: str):
    """The worker login `username` if it belongs to the worker's municipality or to none
    yet. Anything else, a login of another municipality or of another role, is reported
    as not found, so as to reveal nothing of other people's logins and roles."""
    User = get_user_model()
    user = (
        User.objects.select_related("membership", "worker_profile")
        .filter(username=username, role=Role.WORKER, is_superuser=False)
        .filter(Q(membership__isnull=True) | Q(membership__municipality_id=worker.municipality_id))
        .first()
    )
    if user is None:
        raise ValidationError(
            {
                "username": _(
                    "No login “%(username)s” was found. Check the spelling, or ask the "
                    "administrator to make the worker a login."
                )
                % {"username": username}
            }
        )
    return user


@transaction.atomic
def worker_link_user(*, actor, worker: Worker, username: str) -> Worker:
    """Link the worker's own login (role "worker"), so they see their own page.

    Refused for a login of another role, one not in use and one already linked to
    another worker. A login without a municipality becomes one of the worker's.
    """
    username = username.strip()
    if worker.anonymised_at is not None:
        raise ValidationError(_("An anonymised worker cannot be given a login."))
    user = _login_for(worker, username)
    if not user.is_active:
        raise ValidationError(
            {
                "username": _(
                    "The login “%(username)s” is not in use. Ask the administrator to "
                    "activate it first."
                )
                % {"username": username}
            }
        )
    linked = getattr(user, "worker_profile", None)
    if linked is not None and linked.pk != worker.pk:
        raise ValidationError({"username": _already_linked(username)})
    if linked is not None:
        return worker
    before = worker.user.username if worker.user_id else None
    worker.user = user
    try:
        with transaction.atomic():
            save_versioned(worker, expected_version=worker.version, fields=["user"])
    except IntegrityError:
        raise ValidationError({"username": _already_linked(username)}) from None
    if not hasattr(user, "membership"):
        Membership.objects.create(user=user, municipality_id=worker.municipality_id)
    _audit(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=worker,
        worker=worker,
        changes={"user_id": [before, user.username]},
    )
    return worker


def _already_linked(username: str) -> str:
    return _(
        "The login “%(username)s” is already linked to another worker. Unlink it on that "
        "worker's page first, or give another login."
    ) % {"username": username}


@transaction.atomic
def worker_unlink_user(*, actor, worker: Worker) -> Worker:
    """Remove the worker's login link; the login itself stays (the administrator's)."""
    if worker.user_id is None:
        raise ValidationError(_("The worker has no linked login."))
    before = worker.user.username
    worker.user = None
    save_versioned(worker, expected_version=worker.version, fields=["user"])
    _audit(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=worker,
        worker=worker,
        changes={"user_id": [before, None]},
    )
    return worker


def worker_viewed(*, actor, worker: Worker) -> None:
    """Opening a worker's page is itself recorded: who looked at whose data, and when."""
    _audit(actor=actor, action=AuditAction.VIEW, instance=worker, worker=worker)


@transaction.atomic
def worker_delete(*, actor, worker: Worker) -> None:
    """Delete a worker entered by mistake. Refused once hours exist: anonymise instead."""
    employments = list(worker.employments.all())
    try:
        for employment in employments:
            employment.subsidy_decisions.all().delete()
            employment.delete()
        pk = worker.pk
        _audit(actor=actor, action=AuditAction.DELETE, instance=worker, worker=worker)
        worker.delete()
        worker.pk = pk
    except ProtectedError as error:
        raise ValidationError(
            _(
                "The worker has recorded work hours, so the data cannot be deleted. "
                "Anonymise the worker instead: hours and outcomes stay in the statistics."
            )
        ) from error


# --- Employment contracts -------------------------------------------------------------------


def _validate_employment(employment: Employment) -> None:
    errors = {}
    if employment.ends_on and employment.starts_on and employment.ends_on < employment.starts_on:
        errors["ends_on"] = _(
            "The end date is before the start date. Give an end date on or after %(start)s."
        ) % {"start": _day(employment.starts_on)}
    hours = employment.hours_per_week
    if hours is not None and not (Decimal("0") < hours <= MAX_HOURS_PER_WEEK):
        errors["hours_per_week"] = _(
            "Hours per week must be more than 0 and at most 40. Give the contract's weekly hours."
        )
    if employment.hourly_wage is not None and employment.hourly_wage < 0:
        errors["hourly_wage"] = _("The hourly wage cannot be negative.")
    if not errors and employment.starts_on and employment.association_id:
        overlapping = (
            Employment.objects.filter(
                worker_id=employment.worker_id, association_id=employment.association_id
            )
            .overlapping(employment.starts_on, employment.ends_on)
            .exclude(pk=employment.pk)
            .first()
        )
        if overlapping:
            errors["starts_on"] = _(
                "The worker already has a contract at this association for %(period)s. "
                "Change the dates so that the contracts do not overlap, or edit the "
                "existing contract."
            ) % {"period": _period(overlapping.starts_on, overlapping.ends_on)}
    if not errors:
        errors = employment_checks.problems(employment)
    if errors:
        raise ValidationError(errors)
    employment.full_clean()


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _period(starts_on, ends_on) -> str:
    end = _day(ends_on) if ends_on else _("until further notice")
    return f"{_day(starts_on)}–{end}"


def employment_warnings(employment: Employment) -> list[str]:
    """What is worth a second look but does not stop the contract."""
    warnings = []
    missing = employment.association.readiness_missing()
    if missing:
        warnings.append(
            _("%(association)s is not ready as an employer yet. Missing: %(missing)s.")
            % {"association": employment.association, "missing": ", ".join(missing)}
        )
    decisions = [d for d in employment.subsidy_decisions.all() if d.decided_on]
    if decisions and employment.starts_on < min(d.decided_on for d in decisions):
        warnings.append(_starts_before_decision(employment, min(d.decided_on for d in decisions)))
    return warnings


def _starts_before_decision(employment: Employment, decided_on: datetime.date) -> str:
    return _(
        "The employment starts on %(start)s, before the subsidy decision of %(decided)s. "
        "Employment must not start before the decision."
    ) % {
        "start": _day(employment.starts_on),
        "decided": _day(decided_on),
    }


@transaction.atomic
def employment_start(
    *,
    actor,
    worker: Worker,
    association: Association,
    starts_on: datetime.date,
    hours_per_week: Decimal,
    hourly_wage: Decimal,
    ends_on: datetime.date | None = None,
    collective_agreement: str = "",
    agreement_class: str = "",
    tasks: str = "",
) -> Outcome:
    employment = Employment(
        worker=worker,
        association=association,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=hours_per_week,
        hourly_wage=hourly_wage,
        collective_agreement=collective_agreement,
        agreement_class=agreement_class,
        tasks=tasks,
        created_by=_user(actor),
    )
    _save_new(
        employment,
        actor=actor,
        worker=worker,
        fields=EMPLOYMENT_AUDIT_FIELDS,
        validate=_validate_employment,
    )
    signals.announce_employments([employment], starts_on)
    return Outcome(employment, employment_warnings(employment))


@transaction.atomic
def employment_update(*, actor, employment: Employment, expected_version: int, **fields) -> Outcome:
    # The months between the stored and a new start change too (a form has already set
    # the new values on the instance).
    stored_start = Employment.objects.filter(pk=employment.pk).values_list("starts_on", flat=True)
    first_month = min([employment.starts_on, *stored_start])
    _update_versioned(
        employment,
        actor=actor,
        worker=employment.worker,
        expected_version=expected_version,
        values=fields,
        audit_fields=EMPLOYMENT_AUDIT_FIELDS,
        prepare=_validate_employment,
    )
    signals.announce_employments([employment], min(first_month, employment.starts_on))
    return Outcome(employment, employment_warnings(employment))


# --- Subsidy decisions ----------------------------------------------------------------------


@transaction.atomic
def subsidy_decision_record(
    *,
    actor,
    employment: Employment,
    subsidy_type: str,
    rate_percent: Decimal,
    months: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    decided_on: datetime.date,
    monthly_cap: Decimal | None = None,
    payer: str = "municipality",
    decision_number: str = "",
) -> Outcome:
    decision = SubsidyDecision(
        employment=employment,
        subsidy_type=subsidy_type,
        rate_percent=rate_percent,
        monthly_cap=monthly_cap,
        months=months,
        starts_on=starts_on,
        ends_on=ends_on,
        payer=payer,
        decision_number=decision_number,
        decided_on=decided_on,
    )
    errors = {}
    if ends_on and starts_on and ends_on < starts_on:
        errors["ends_on"] = _(
            "The subsidy ends before it starts. Give an end date on or after %(start)s."
        ) % {"start": _day(starts_on)}
    if rate_percent is not None and not (0 < rate_percent <= 100):
        errors["rate_percent"] = _("The rate is a percentage: give a number from 1 to 100.")
    if months is not None and not (1 <= months <= 24):
        errors["months"] = _("A decision covers 1 to 24 months. Check the number of months.")
    if errors:
        raise ValidationError(errors)
    _save_new(decision, actor=actor, worker=employment.worker, fields=DECISION_FIELDS)
    signals.announce_employments([employment], min(starts_on, employment.starts_on))
    warnings = []
    if employment.starts_on < decided_on:
        warnings.append(_starts_before_decision(employment, decided_on))
    return Outcome(decision, warnings)


# --- Consents -------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *, actor, worker: Worker, purpose: str, given_on: datetime.date, description: str = ""
) -> Consent:
    consent = Consent(
        worker=worker,
        purpose=purpose,
        given_on=given_on,
        description=description,
        recorded_by=_user(actor),
    )
    _save_new(consent, actor=actor, worker=worker, fields=["purpose", "given_on", "description"])
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, withdrawn_on: datetime.date) -> Consent:
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("The withdrawal date is before the consent was given.")}
        )
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = _user(actor)
    consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    _audit(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=consent,
        worker=consent.worker,
        changes={"withdrawn_on": [None, withdrawn_on.isoformat()]},
    )
    return consent


# --- Individual plan ------------------------------------------------------------------------


@transaction.atomic
def plan_save(
    *, actor, worker: Worker, expected_version: int | None = None, **fields
) -> IndividualPlan:
    """Create the worker's plan, or update it (with the version the user started from)."""
    plan = IndividualPlan.objects.filter(worker=worker).first()
    if plan is None:
        plan = IndividualPlan(
            worker=worker,
            created_by=_user(actor),
            **fields,
        )
        plan.next_review_on = add_months(plan.starts_on, plan.review_interval_months)
        _save_new(plan, actor=actor, worker=worker, fields=PLAN_FIELDS)
        return plan
    return _update_versioned(
        plan,
        actor=actor,
        worker=worker,
        expected_version=expected_version if expected_version is not None else plan.version,
        values=fields,
        audit_fields=PLAN_FIELDS,
        prepare=_schedule_next_review,
        also_save=("next_review_on",),
    )


def _schedule_next_review(plan: IndividualPlan) -> None:
    last_review = plan.reviews.order_by("-reviewed_on").first()
    base = last_review.reviewed_on if last_review else plan.starts_on
    plan.next_review_on = add_months(base, plan.review_interval_months)
    plan.full_clean()


@transaction.atomic
def plan_review_record(
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
        recorded_by=_user(actor),
    )
    _save_new(review, actor=actor, worker=plan.worker, fields=["reviewed_on", "progress"])
    latest = max(reviewed_on, *(r.reviewed_on for r in plan.reviews.all()))
    IndividualPlan.objects.filter(pk=plan.pk).update(
        next_review_on=add_months(latest, plan.review_interval_months)
    )
    return review


# --- Licences and group activities ----------------------------------------------------------


@transaction.atomic
def licence_record(
    *,
    actor,
    worker: Worker,
    kind: str,
    obtained_on: datetime.date,
    expires_on: datetime.date | None = None,
    name: str = "",
    gained_in_programme: bool = True,
) -> Licence:
    licence = Licence(
        worker=worker,
        kind=kind,
        name=name,
        obtained_on=obtained_on,
        expires_on=expires_on,
        gained_in_programme=gained_in_programme,
    )
    if expires_on and expires_on < obtained_on:
        raise ValidationError(
            {"expires_on": _("The expiry date is before the date obtained. Check both dates.")}
        )
    if kind == "training" and not name.strip():
        raise ValidationError({"name": _("Give the name of the training.")})
    _save_new(
        licence, actor=actor, worker=worker, fields=["kind", "name", "obtained_on", "expires_on"]
    )
    return licence


ACTIVITY_FIELDS = ["kind", "title", "held_on", "duration_hours", "association", "description"]


def activity_attendee_choices(*, municipality_id: int, association_id: int | None):
    """The workers who may attend an activity: the association's workers (a contract
    there), or every worker of the municipality when the activity is open to all."""
    workers = Worker.objects.filter(municipality_id=municipality_id, anonymised_at__isnull=True)
    if association_id is not None:
        workers = workers.filter(
            Exists(Employment.objects.filter(worker=OuterRef("pk"), association_id=association_id))
        )
    return workers


def _check_attendees(activity: GroupActivity, worker_ids: set[int]) -> None:
    """Refuse attendees who are not the activity's association's workers, naming them."""
    if not worker_ids:
        return
    allowed = set(
        activity_attendee_choices(
            municipality_id=activity.municipality_id, association_id=activity.association_id
        )
        .filter(pk__in=worker_ids)
        .values_list("pk", flat=True)
    )
    outside = Worker.objects.filter(pk__in=worker_ids - allowed)
    if not outside:
        return
    names = ", ".join(str(worker) for worker in outside)
    if activity.association_id is None:
        message = _("Not a worker of this municipality: %(names)s. Remove the tick.") % {
            "names": names
        }
    else:
        message = _(
            "No contract at %(association)s: %(names)s. Remove the tick, or choose the "
            "association whose workers attended."
        ) % {"names": names, "association": activity.association}
    raise ValidationError({"workers": message})


def _activity_snapshot(activity: GroupActivity, attendee_ids) -> dict:
    names = [f if f != "association" else "association_id" for f in ACTIVITY_FIELDS]
    return {**snapshot(activity, names), "attended": sorted(attendee_ids)}


@transaction.atomic
def group_activity_record(*, actor, municipality, workers: list[Worker], **fields) -> GroupActivity:
    """A group activity with the workers who attended it (the association's workers only)."""
    activity = GroupActivity(
        municipality=municipality,
        created_by=_user(actor),
        **fields,
    )
    activity.full_clean()
    _check_attendees(activity, {w.pk for w in workers})
    activity.save()
    Attendance.objects.bulk_create(Attendance(activity=activity, worker=w) for w in workers)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=activity,
        changes={"attended": [None, sorted(w.pk for w in workers)]},
        municipality_id=municipality.pk,
    )
    return activity


@transaction.atomic
def group_activity_update(
    *,
    actor,
    activity: GroupActivity,
    expected_version: int,
    add: list[Worker] = (),
    remove: list[Worker] = (),
    **fields,
) -> GroupActivity:
    """Change the activity and its attendance: `add` and `remove` workers.

    Attendees named in neither stay as they are (village staff change only their own
    association's workers on an activity open to all). Raises StaleEditError when
    someone saved the activity or its attendance after `expected_version`.
    """
    before_ids = set(activity.attendances.values_list("worker_id", flat=True))
    before = _activity_snapshot(activity, before_ids)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    removed = {w.pk for w in remove} & before_ids
    after_ids = (before_ids - removed) | {w.pk for w in add}
    _check_attendees(activity, after_ids)
    save_versioned(activity, expected_version=expected_version, fields=list(fields))
    Attendance.objects.filter(activity=activity, worker_id__in=removed).delete()
    Attendance.objects.bulk_create(
        Attendance(activity=activity, worker_id=pk) for pk in sorted(after_ids - before_ids)
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=activity,
        changes=diff(before, _activity_snapshot(activity, after_ids)),
        municipality_id=activity.municipality_id,
    )
    return activity


# --- Exit and follow-ups --------------------------------------------------------------------


@transaction.atomic
def worker_exit(
    *,
    actor,
    worker: Worker,
    exited_on: datetime.date,
    reason: str,
    destination: str,
    note: str = "",
) -> Exit:
    """Record the exit, end open contracts on the exit date and schedule both follow-ups."""
    if Exit.objects.filter(worker=worker).exists():
        raise ValidationError(_("The exit of this worker has already been recorded."))
    employments = list(worker.employments.order_by("-starts_on"))
    if employments and exited_on < min(e.starts_on for e in employments):
        raise ValidationError(
            {"exited_on": _("The exit date is before the first contract started. Check the date.")}
        )
    ending = [
        (employment, snapshot(employment, ["ends_on"]))
        for employment in employments
        if employment.starts_on <= exited_on
        and (employment.ends_on is None or employment.ends_on > exited_on)
    ]
    for employment, _before in ending:
        employment.ends_on = exited_on
        problems = employment_checks.problems(employment)
        if problems:
            raise ValidationError(
                {
                    ("exited_on" if name == "ends_on" else name): messages
                    for name, messages in problems.items()
                }
            )
    exit_ = Exit(
        worker=worker,
        employment=employments[0] if employments else None,
        exited_on=exited_on,
        reason=reason,
        destination=destination,
        note=note,
        recorded_by=_user(actor),
    )
    _save_new(exit_, actor=actor, worker=worker, fields=["exited_on", "reason", "destination"])
    for employment, before in ending:
        employment.version += 1
        employment.save(update_fields=["ends_on", "version"])
        _audit(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=employment,
            worker=worker,
            changes=diff(before, snapshot(employment, ["ends_on"])),
        )
    signals.announce_employments([employment for employment, _before in ending], exited_on)
    FollowUp.objects.bulk_create(
        FollowUp(exit=exit_, timepoint=point, due_on=add_months(exited_on, point))
        for point in FollowUpTimepoint.values
    )
    return exit_


@transaction.atomic
def followup_record(
    *, actor, follow_up: FollowUp, recorded_on: datetime.date, destination: str, note: str = ""
) -> FollowUp:
    if recorded_on < follow_up.exit.exited_on:
        raise ValidationError(
            {"recorded_on": _("The follow-up date is before the exit. Check the date.")}
        )
    if not destination:
        raise ValidationError({"destination": _("Choose where the person is now.")})
    before = snapshot(follow_up, ["recorded_on", "destination", "note"])
    follow_up.recorded_on = recorded_on
    follow_up.destination = destination
    follow_up.note = note
    follow_up.recorded_by = _user(actor)
    follow_up.full_clean()
    follow_up.save()
    _audit(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=follow_up,
        worker=follow_up.exit.worker,
        changes=diff(before, snapshot(follow_up, ["recorded_on", "destination", "note"])),
    )
    return follow_up


# --- Data-subject rights and retention ------------------------------------------------------

ANONYMOUS_FIRST_NAME = "Anonymisoitu"
IDENTITY_FIELDS = {"first_name", "last_name", "email", "phone", "languages", "user_id"}


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


@transaction.atomic
def worker_export_recorded(*, actor, worker: Worker) -> None:
    _audit(actor=actor, action=AuditAction.EXPORT, instance=worker, worker=worker)


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
def worker_anonymise(*, actor, worker: Worker, reason: str) -> Worker:
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
    worker.save()
    worker.consents.update(description="")
    IndividualPlan.objects.filter(worker=worker).update(goals="–", support_needed="")
    PlanReview.objects.filter(plan__worker=worker).update(progress="–")
    Exit.objects.filter(worker=worker).update(note="")
    FollowUp.objects.filter(exit__worker=worker).update(note="")
    _audit(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=worker,
        worker=worker,
        changes={"anonymised": [None, reason]},
    )
    return worker


def worker_retention_sweep(*, today: datetime.date | None = None, actor=None) -> int:
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
        worker_anonymise(
            actor=actor,
            worker=worker,
            reason=_("retention period of %(years)s years after exit") % {"years": years},
        )
        count += 1
    return count
