"""Helpers for tests of every app."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action) -> int:
    """How many SQL queries `action()` runs."""
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


# --- Access matrix (see ryhma/tests/test_access_matrix.py for the format) --------------------

ROLES = ("coordinator", "staff", "official", "worker", "outsider", "anonymous")
LOGIN = "login"  # expected "status": a 302 redirect to a login page


def expect(default=404, *, anonymous=LOGIN, **roles) -> dict:
    """The expected status for each of the six roles: `default` unless named.

    `expect(coordinator=200, official=200)` means: those two get 200, village staff, workers
    and the outsider get 404, and an anonymous visitor is sent to the login page.
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles {sorted(unknown)}; the roles are {ROLES}")
    statuses = dict.fromkeys(ROLES, default)
    statuses["anonymous"] = anonymous
    statuses.update(roles)
    return statuses


@dataclass(frozen=True)
class Case:
    """One request of the access matrix and the status each role must get for it.

    `name` is the URL name ("villages:programme_detail"); `kwargs(world)` builds the URL's
    arguments, usually from a factory object of ANOTHER municipality or association, so that
    the matrix shows who can reach other people's rows. `world` gives the shared fixtures as
    attributes (world.other_municipality, world.foreign_association, world.coordinator, ...).
    `data(world)` is the POST body for `method="post"`.
    """

    name: str
    expect: dict
    kwargs: Callable | None = None
    method: str = "get"
    data: Callable | None = None
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name
