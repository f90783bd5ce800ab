"""Work that runs after a transaction commits, and can never undo or break the commit."""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)


def after_commit(callback: Callable[[], object], *, name: str, using: str | None = None) -> None:
    """Run `callback()` once the current transaction commits (at once outside one).

    The data is saved by then, so a failing callback (a broker or cache that does not
    answer) is logged under `name` and goes no further: the request that saved still
    succeeds, and the callbacks registered after this one still run. Whatever the
    callback stands for must be recoverable without it (a job kept as pending and sent
    again by the sweeper, a value worked out again on a cache miss).
    """

    def run() -> None:
        try:
            callback()
        except Exception:
            logger.exception("After-commit step %r failed; the saved data stays saved", name)

    run.__name__ = run.__qualname__ = name
    transaction.on_commit(run, using=using, robust=True)
