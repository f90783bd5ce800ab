"""The access matrix: every URL of the project, every role, the status each must get.

HOW TO ADD AN ENTRY (a new URL without one fails `test_every_url_has_an_access_matrix_entry`)

Each app declares its URLs in `<app>/tests/access_matrix.py` as a list named CASES:

    from ryhma.testing import Case, expect
    from workers.tests.factories import WorkerFactory

    CASES = [
        # A list page: coordinators and staff see it, every other role gets 404,
        # an anonymous visitor is sent to the login page.
        Case("workers:list", expect(coordinator=200, staff=200, outsider=200)),
        # A page for one row: build the row in ANOTHER municipality (or association), so the
        # matrix proves that our users cannot reach it; the outsider, whose municipality
        # it is, gets 200, which proves the URL itself works.
        Case(
            "workers:detail",
            expect(outsider=200),
            kwargs=lambda w: {"pk": WorkerFactory(municipality=w.other_municipality).pk},
            label="another municipality's worker",
        ),
        Case(
            "workers:detail",
            expect(coordinator=200),
            kwargs=lambda w: {"pk": ...a worker of w.other_association...},
            label="another association's worker",
        ),
        # Anything that changes data is POST: say so and give the body.
        Case("workers:archive", expect(outsider=302), method="post",
             kwargs=..., data=lambda w: {"version": 1}),
    ]

- `expect(default=404, anonymous=LOGIN, **roles)` gives the status for all six roles:
  coordinator, staff (village staff of Livokas ry), official, worker (all of our
  municipality), outsider (a coordinator of another municipality) and anonymous.
  Use 404 where the page's existence is a secret (the default), 403 where it is not,
  LOGIN for "302 to a login page", 302 for other redirects, 405 for a wrong method.
- `w` ("world") gives the shared places and users as attributes (villages/tests/world.py, made
  once for the module): municipality, programme, association, other_association,
  other_municipality, foreign_association and the users of the five roles.
- Several cases may name the same URL (e.g. one per kind of foreign object).
- A whole namespace can be covered with a key in COVERED_NAMESPACES (used for the admin,
  whose pages are tested by model in ryhma/tests/access_matrix.py).
- Patterns without a name are keyed by their route; list deliberately untested ones in
  EXEMPT = {route: "why"} (only the development media server is).
- A URL that takes an object (any parameter in its route) needs a case whose label contains
  "another municipality" AND one whose label contains "another association": the row of
  the other municipality (w.foreign_association, w.other_municipality) and the row of the
  other association of our municipality (w.other_association). Where one of them cannot
  exist, say why in the module: NOT_PER_ASSOCIATION = {name: "why"} (the object belongs to a
  municipality, not to an association), NOT_AN_OBJECT = {name: "why"} (the parameter is a
  token, a key or a public page's id, not a row someone owns).
"""

import importlib
import importlib.util
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import module_transaction
from ryhma.testing import LOGIN, ROLES
from villages.tests.world import build_world

PROJECT_APPS = [
    config.name
    for config in apps.get_app_configs()
    if Path(config.path).parent == Path(settings.BASE_DIR)
]
# The world's user of each role.
USERS = {
    "coordinator": "coordinator",
    "staff": "staff",
    "official": "official",
    "worker": "worker_user",
    "outsider": "outsider",
}


def _matrix_modules():
    modules = {}
    for app in PROJECT_APPS:
        name = f"{app}.tests.access_matrix"
        if importlib.util.find_spec(f"{app}.tests") and importlib.util.find_spec(name):
            modules[app] = importlib.import_module(name)
    return modules


MODULES = _matrix_modules()
CASES = [case for module in MODULES.values() for case in getattr(module, "CASES", [])]
COVERED_NAMESPACES = {
    ns for module in MODULES.values() for ns in getattr(module, "COVERED_NAMESPACES", ())
}
EXEMPT = {
    key: why for module in MODULES.values() for key, why in getattr(module, "EXEMPT", {}).items()
}


def _declared(attribute: str) -> dict:
    return {
        key: why
        for module in MODULES.values()
        for key, why in getattr(module, attribute, {}).items()
    }


NOT_PER_ASSOCIATION = _declared("NOT_PER_ASSOCIATION")
NOT_AN_OBJECT = _declared("NOT_AN_OBJECT")


def url_patterns(resolver=None, namespace="", prefix=""):
    """(key, route, namespace, module) for every pattern: key is the URL name or the route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            )
            yield from url_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else None
            module = getattr(pattern.callback, "__module__", "") or ""
            yield name or route, route, namespace, module


def _owner_app(key: str, module: str) -> str:
    head = key.split(":", 1)[0] if ":" in key else module.split(".", 1)[0]
    return head if head in PROJECT_APPS else "ryhma"


def test_every_url_has_an_access_matrix_entry():
    covered = {case.name for case in CASES}
    missing = []
    for key, route, namespace, module in url_patterns():
        if key in covered or key in EXEMPT or namespace.split(":")[0] in COVERED_NAMESPACES:
            continue
        app = _owner_app(key, module)
        missing.append(
            f"  {key!r} (route {route!r}): add to {app}/tests/access_matrix.py, in CASES:\n"
            f"      Case({key!r}, expect(...), kwargs=lambda w: {{...}}),\n"
            f"    with the status for each role (see the top of ryhma/tests/test_access_matrix.py)."
        )
    assert not missing, "URLs without an access-matrix entry:\n" + "\n".join(missing)


def test_every_object_url_is_tried_with_another_municipality_and_another_association() -> None:
    labels: dict[str, list[str]] = {}
    for case in CASES:
        labels.setdefault(case.name, []).append(case.label.lower())
    missing = []
    for key, route, namespace, module in url_patterns():
        skipped = key in EXEMPT or key in NOT_AN_OBJECT
        if skipped or namespace.split(":")[0] in COVERED_NAMESPACES:
            continue
        if not re.search(r"<[^>]+>", route):
            continue
        app = _owner_app(key, module)
        wanted = ["another municipality"]
        if key not in NOT_PER_ASSOCIATION:
            wanted.append("another association")
        for words in wanted:
            if not any(words in label for label in labels.get(key, [])):
                missing.append(
                    f"  {key!r}: no case labelled {words!r} in {app}/tests/access_matrix.py"
                )
    assert not missing, (
        "URLs that take an object but are not tried with another municipality's and another "
        "association's object (see the top of ryhma/tests/test_access_matrix.py):\n"
        + "\n".join(missing)
    )


def test_waivers_name_only_urls_that_exist():
    names = {key for key, *_rest in url_patterns()}
    stale = sorted((set(NOT_PER_ASSOCIATION) | set(NOT_AN_OBJECT)) - names)
    assert not stale, f"NOT_PER_ASSOCIATION / NOT_AN_OBJECT name URLs that do not exist: {stale}"


def test_access_matrix_names_only_urls_that_exist():
    names = {key for key, *_rest in url_patterns()}
    stale = sorted({case.name for case in CASES} - names)
    assert not stale, f"Access-matrix entries for URL names that no longer exist: {stale}"


def test_every_case_gives_a_status_for_every_role():
    for case in CASES:
        assert set(case.expect) == set(ROLES), f"{case.id}: use expect(...) to cover all roles"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Everyone and everything of villages/tests/world.py, made once for the module inside a
    transaction rolled back at its end; each case runs in a savepoint of it (pytest-django's
    `db`), so what one case writes is gone for the next. Everyone exists, so that "not
    found" is about scope, not about an empty database."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            made = build_world()
        # The cases may also name the users by role (`w.worker`).
        for role, attribute in USERS.items():
            setattr(made, role, getattr(made, attribute))
        yield made


LOGIN_PATHS = ("/kirjaudu/", "/admin/login/")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_access_matrix(world, db, client, case, role):
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    if role != "anonymous":
        client.force_login(getattr(world, USERS[role]))
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(url, data)
    expected = case.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{role} {case.method.upper()} {url}"
        assert response["Location"].startswith(LOGIN_PATHS), response["Location"]
    else:
        assert response.status_code == expected, (
            f"{role} {case.method.upper()} {url}: got {response.status_code}, expected {expected}"
        )
