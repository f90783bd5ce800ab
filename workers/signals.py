"""Signals by which the lower apps announce a change of the economy's inputs.

The kept worker-month figures live in `evaluation` (a higher app this one may not import):
its `apps.ready` connects to these. Send them inside the transaction that made the change;
the receivers bring the kept figures up to date in that same transaction.
"""

import datetime

from django.dispatch import Signal

# Employments' inputs changed from a month on (contract terms, decisions, approved hours,
# the person's benefit days): kwargs `municipality_id` (None: worked out from the
# employments), `employment_ids`, `first_month` (a date in the first month changed).
economy_inputs_changed = Signal()

# A municipality-year's economic parameters changed: kwargs `municipality_id`, `year`.
economy_parameters_changed = Signal()


def announce_employments(employments, first_month: datetime.date) -> None:
    """Send `economy_inputs_changed` for `employments` (instances) from `first_month` on."""
    employments = [e for e in employments if e.pk is not None]
    if employments:
        economy_inputs_changed.send(
            sender=None,
            municipality_id=None,
            employment_ids=[e.pk for e in employments],
            first_month=first_month,
        )


def announce_worker(worker, first_month: datetime.date | None = None) -> None:
    """Every contract of the worker, from `first_month` (default: the first contract's)."""
    employments = list(worker.employments.all())
    if not employments:
        return
    first = first_month or min(e.starts_on for e in employments)
    announce_employments(employments, first)
