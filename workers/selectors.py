"""Reads about workers that span models, each with a fixed number of queries."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from ryhma.templatetags.ryhma_tags import hours
from workers import timeline
from workers.models import (
    Attendance,
    Consent,
    Employment,
    Exit,
    FollowUp,
    FollowUpTimepoint,
    IndividualPlan,
    Licence,
    LicenceKind,
    PlanReview,
    SubsidyDecision,
    Worker,
)
from workers.money import money


def cents(value: Decimal | None) -> Decimal | None:
    """A parameter value (stored with four decimals) as a two-decimal form or field value."""
    return None if value is None else money(value)


ALERT_DAYS = 30  # how far ahead the home pages warn of endings, expiries and due tasks


class Status:
    STARTING = "starting"
    ACTIVE = "active"
    EXITED = "exited"
    WAITING = "waiting"

    @classmethod
    def choices(cls):
        return [
            (cls.STARTING, _("Starting")),
            (cls.ACTIVE, _("Employed")),
            (cls.WAITING, _("No contract in force")),
            (cls.EXITED, _("Exited")),
        ]


def _status_annotations(today: datetime.date) -> dict:
    return {
        "has_exited": Exists(Exit.objects.filter(worker=OuterRef("pk"), exited_on__lte=today)),
        "is_employed": Exists(Employment.objects.filter(worker=OuterRef("pk")).active_on(today)),
        "is_starting": Exists(
            Employment.objects.filter(worker=OuterRef("pk"), starts_on__gt=today)
        ),
        "subsidy_ending": Exists(
            SubsidyDecision.objects.filter(
                employment__worker=OuterRef("pk"),
                ends_on__gte=today,
                ends_on__lte=today + datetime.timedelta(days=ALERT_DAYS),
            )
        ),
    }


def status_of(worker) -> str:
    if worker.has_exited:
        return Status.EXITED
    if worker.is_employed:
        return Status.ACTIVE
    if worker.is_starting:
        return Status.STARTING
    return Status.WAITING


def worker_list(
    user,
    *,
    today: datetime.date,
    search: str = "",
    association=None,
    status: str = "",
    subsidy_ending: bool = False,
):
    """The user's workers with their status, filtered; page it and make the page's rows
    with `worker_list_rows`. Only the name is read of each worker."""
    queryset = (
        Worker.objects.for_user(user)
        .annotate(**_status_annotations(today))
        .only("first_name", "last_name")
        .order_by("last_name", "first_name", "id")
    )
    for word in search.split():
        queryset = queryset.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(phone__icontains=word)
        )
    if association is not None:
        queryset = queryset.filter(
            Exists(Employment.objects.filter(worker=OuterRef("pk"), association=association))
        )
    if status == Status.EXITED:
        queryset = queryset.filter(has_exited=True)
    elif status == Status.ACTIVE:
        queryset = queryset.filter(has_exited=False, is_employed=True)
    elif status == Status.STARTING:
        queryset = queryset.filter(has_exited=False, is_employed=False, is_starting=True)
    elif status == Status.WAITING:
        queryset = queryset.filter(has_exited=False, is_employed=False, is_starting=False)
    if subsidy_ending:
        queryset = queryset.filter(subsidy_ending=True)
    return queryset


@dataclass
class WorkerRow:
    """One line of the worker list: the worker, the status and the latest contract's
    association and end, and the end of that contract's latest subsidy decision."""

    worker: Worker
    status: str
    association: str | None = None
    contract_ends_on: datetime.date | None = None
    has_contract: bool = False
    subsidy_ends_on: datetime.date | None = None


def worker_list_rows(user, workers) -> list[WorkerRow]:
    """The rows of a page of `worker_list`: two plain queries (the latest contracts in the
    user's scope, their latest decisions) whatever the page size, and no model instance or
    related manager per contract."""
    workers = list(workers)
    statuses = dict(Status.choices())
    rows = {w.pk: WorkerRow(w, statuses[status_of(w)]) for w in workers}
    latest: dict[int, WorkerRow] = {}  # employment pk -> row
    for employment_id, worker_id, ends_on, association in (
        Employment.objects.for_user(user)
        .filter(worker_id__in=rows)
        .order_by("worker_id", "-starts_on", "-id")
        .values_list("pk", "worker_id", "ends_on", "association__name")
    ):
        row = rows[worker_id]
        if not row.has_contract:
            row.has_contract, row.association, row.contract_ends_on = True, association, ends_on
            latest[employment_id] = row
    for employment_id, ends_on in (
        SubsidyDecision.objects.filter(employment_id__in=latest)
        .order_by("employment_id", "-ends_on", "-id")
        .values_list("employment_id", "ends_on")
    ):
        decided_row = latest.pop(employment_id, None)
        if decided_row is not None:
            decided_row.subsidy_ends_on = ends_on
    return list(rows.values())


_EMPLOYMENT_FIELDS = [field.name for field in Employment._meta.concrete_fields]


def worker_for_page(user, pk: int, today: datetime.date):
    """One worker with everything the worker page shows, or None outside the user's scope."""
    employments = (
        Employment.objects.for_user(user)
        # The association's name is all the page shows of it.
        .select_related("association")
        .only(*_EMPLOYMENT_FIELDS, "association__name")
        .prefetch_related("subsidy_decisions")
        .order_by("-starts_on")
    )
    status = _status_annotations(today)
    return (
        Worker.objects.for_user(user)
        .annotate(
            # The exit is read with the worker: whether it has happened needs no subquery.
            has_exited=ExpressionWrapper(
                Q(exit__exited_on__lte=today), output_field=BooleanField()
            ),
            is_employed=status["is_employed"],
            is_starting=status["is_starting"],
        )
        .select_related("exit", "plan", "user")
        .prefetch_related(
            Prefetch("employments", queryset=employments),
            Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
            "licences",
            Prefetch("plan__reviews", queryset=PlanReview.objects.order_by("-reviewed_on")),
            Prefetch("exit__follow_ups", queryset=FollowUp.objects.order_by("timepoint")),
            Prefetch("attendances", queryset=Attendance.objects.select_related("activity")),
        )
        .filter(pk=pk)
        .first()
    )


class Alert(NamedTuple):
    """One line of the endings panel: what ends or falls due on `day`, for whom."""

    day: datetime.date
    pk: int  # the worker's, or the follow-up's for a follow-up
    worker_name: str
    detail: str  # the association, the licence or the follow-up's timepoint


@dataclass
class Alerts:
    subsidies: list[Alert]
    contracts: list[Alert]
    licences: list[Alert]
    reviews: list[Alert]
    follow_ups: list[Alert]

    @property
    def empty(self) -> bool:
        return not any(
            (self.subsidies, self.contracts, self.licences, self.reviews, self.follow_ups)
        )


def _alerts(rows, detail=lambda value: value or "") -> list[Alert]:
    """Alerts from (day, pk, first name, last name, detail) rows."""
    return [
        Alert(day, pk, f"{first_name} {last_name}".strip(), detail(value))
        for day, pk, first_name, last_name, value in rows
    ]


def alerts_for(user, today: datetime.date, limit: int = 15) -> Alerts:
    """What ends, expires or falls due within ALERT_DAYS: six queries of the few values
    the panel shows (it is on every start page), whatever the size. Each list by day, and
    on the same day by row (the same rows on every view).

    The user's workers are read first, with their exits, for the licences, reviews and
    follow-ups. As a subquery in each of the three, village staff's scope (an EXISTS
    through contract, association and membership) had PostgreSQL plan the same join
    three times, about 1 ms each. The ids go as one array each (`any_of`: a coordinator's
    300 as `IN (%s, ...)` cost more Python than the plans saved), each list by its most
    selective column: the reviews by the workers who have not left (no join to the
    exits), the follow-ups by the exits (by their workers PostgreSQL walked every due
    follow-up of the country in date order)."""
    horizon = today + datetime.timedelta(days=ALERT_DAYS)
    worker_ids, staying, exit_ids = [], [], []
    for worker_id, exit_id in (
        Worker.objects.for_user(user)
        .filter(anonymised_at__isnull=True)
        .order_by()
        .values_list("pk", "exit")
    ):
        worker_ids.append(worker_id)
        if exit_id is None:
            staying.append(worker_id)
        else:
            exit_ids.append(exit_id)
    employments = Employment.objects.for_user(user)
    kinds = dict(LicenceKind.choices)
    timepoints = dict(FollowUpTimepoint.choices)
    return Alerts(
        # The decisions from the user's contracts, not the contracts as a subquery of
        # the decisions: that form has more tables than PostgreSQL joins freely
        # (from_collapse_limit) and on national data it scanned every decision and
        # contract of the country (32 ms against 0.4 ms).
        subsidies=_alerts(
            employments.filter(
                subsidy_decisions__ends_on__gte=today, subsidy_decisions__ends_on__lte=horizon
            )
            .order_by("subsidy_decisions__ends_on", "subsidy_decisions__pk")
            .values_list(
                "subsidy_decisions__ends_on",
                "worker_id",
                "worker__first_name",
                "worker__last_name",
                "association__name",
            )[:limit]
        ),
        contracts=_alerts(
            employments.filter(ends_on__gte=today, ends_on__lte=horizon)
            .order_by("ends_on", "pk")
            .values_list(
                "ends_on",
                "worker_id",
                "worker__first_name",
                "worker__last_name",
                "association__name",
            )[:limit]
        ),
        licences=[
            Alert(
                expires_on, worker_id, f"{first_name} {last_name}".strip(), name or str(kinds[kind])
            )
            for expires_on, worker_id, first_name, last_name, name, kind in Licence.objects.filter(
                worker_id__any_of=worker_ids,
                expires_on__lte=horizon,
                expires_on__gte=today - datetime.timedelta(days=ALERT_DAYS),
            )
            .order_by("expires_on", "pk")
            .values_list(
                "expires_on", "worker_id", "worker__first_name", "worker__last_name", "name", "kind"
            )[:limit]
        ],
        reviews=_alerts(
            IndividualPlan.objects.filter(worker_id__any_of=staying, next_review_on__lte=horizon)
            .order_by("next_review_on", "pk")
            .values_list(
                "next_review_on", "worker_id", "worker__first_name", "worker__last_name", "pk"
            )[:limit],
            detail=lambda _pk: "",
        ),
        follow_ups=_alerts(
            FollowUp.objects.pending()
            .filter(exit_id__any_of=exit_ids, due_on__lte=horizon)
            .order_by("due_on", "pk")
            .values_list(
                "due_on", "pk", "exit__worker__first_name", "exit__worker__last_name", "timepoint"
            )[:limit],
            detail=lambda timepoint: str(timepoints.get(timepoint, timepoint)),
        ),
    )


def worker_timeline(worker: Worker, user) -> list[timeline.Entry]:
    """Contracts, decisions, plan and reviews, licences, exit, follow-ups and whatever other
    apps contribute (assessments), newest first. Uses what `worker_for_page` prefetched."""
    Entry = timeline.Entry
    entries = []
    for employment in worker.employments.all():
        entries.append(
            Entry(
                employment.starts_on,
                _("Contract starts"),
                _("%(association)s, %(hours)s a week")
                % {
                    "association": employment.association,
                    "hours": hours(employment.hours_per_week),
                },
                "contract",
            )
        )
        if employment.ends_on:
            entries.append(
                Entry(
                    employment.ends_on, _("Contract ends"), str(employment.association), "contract"
                )
            )
        for decision in employment.subsidy_decisions.all():
            entries.append(
                Entry(
                    decision.decided_on,
                    _("Subsidy decision"),
                    f"{decision.get_subsidy_type_display()} {decision.decision_number}".strip(),
                    "decision",
                )
            )
            entries.append(
                Entry(
                    decision.ends_on,
                    _("Subsidy ends"),
                    decision.get_subsidy_type_display(),
                    "decision",
                )
            )
    plan = related_or_none(worker, "plan")
    if plan is not None:
        entries.append(
            Entry(plan.starts_on, _("Individual plan made"), plan.get_pathway_display(), "plan")
        )
        for review in plan.reviews.all():
            entries.append(Entry(review.reviewed_on, _("Plan reviewed"), "", "plan"))
    for licence in worker.licences.all():
        entries.append(
            Entry(licence.obtained_on, _("Licence or training"), str(licence), "licence")
        )
    for attendance in worker.attendances.all():
        entries.append(
            Entry(
                attendance.activity.held_on,
                _("Group activity"),
                attendance.activity.title,
                "activity",
            )
        )
    exit_ = related_or_none(worker, "exit")
    if exit_ is not None:
        entries.append(Entry(exit_.exited_on, _("Exit"), exit_.get_destination_display(), "exit"))
        for follow_up in exit_.follow_ups.all():
            if follow_up.recorded_on:
                entries.append(
                    Entry(
                        follow_up.recorded_on,
                        _("Follow-up, %(timepoint)s")
                        % {"timepoint": follow_up.get_timepoint_display()},
                        follow_up.get_destination_display(),
                        "follow_up",
                    )
                )
    entries.extend(timeline.contributed(worker, user))
    return sorted(entries, key=lambda e: e.day, reverse=True)


def related_or_none(worker: Worker, relation: str):
    """The worker's plan or exit (one-to-one), or None when there is none."""
    try:
        return getattr(worker, relation)
    except (IndividualPlan.DoesNotExist, Exit.DoesNotExist):
        return None
