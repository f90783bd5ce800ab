"""Hostile input on every form of the project: no 500, nothing half-saved, clear messages.

HOW TO ADD A CASE (a new form class without one fails `test_every_form_has_a_hostile_input_case`)

Each app lists its form pages in `<app>/tests/hostile_forms.py` as CASES of
`ryhma.testing.FormCase`:

    FormCase((WorkerForm,), lambda d: reverse("workers:edit", args=[d.worker.pk]))

The test opens the page as the case's user on the demo data (`ryhma.demo.seed_all()`'s rows,
put in once for this module; `d` has its context as attributes plus what the app's
`demo_objects(d)` adds), reads the <form> that posts to the case's URL, and sends it again and
again with every control set by hypothesis to a value the page offers or to a hostile one (see
`ryhma.testing.HOSTILE_VALUES`); file inputs get generated CSV or XLSX files. Each answer must be
a page or a redirect, never a server error; an answer that refuses (anything but a redirect,
or a redirect with an error message) must leave every row of the apps as it was; and each
error of a refused form must be on the page next to its field's label (errors of hidden
fields aside: only tampering causes them). For uploads the test then sends the page's
confirmation form as it stands, with the same rules.

Forms of `ryhma` itself (login, two-factor code) are tested in ryhma/tests/test_properties.py.
"""

import importlib
import importlib.util
import inspect
import pkgutil
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.forms import BaseForm, BaseModelForm
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import module_transaction
from ryhma.models import User
from ryhma.testing import (
    assert_errors_are_shown,
    context_forms,
    data_fingerprint,
    hostile_file,
    hostile_value,
    page_forms,
    refused,
)
from ryhma.tests.demo_snapshot import forget_content_types

PROJECT_APPS = [
    config.name
    for config in apps.get_app_configs()
    if Path(config.path).parent == Path(settings.BASE_DIR) and config.name != "ryhma"
]
# Bounded so that the module stays near two minutes: ~70 pages, each with this many
# submissions (the CI profile's derandomize keeps runs repeatable).
EXAMPLES = 10
# 409: the row changed since the page was loaded (a tampered version looks the same).
ACCEPTED = {200, 302, 400, 403, 404, 405, 409}
SKIPPED_TYPES = {"submit", "button", "image", "reset"}


def _case_modules() -> dict:
    modules = {}
    for app in PROJECT_APPS:
        name = f"{app}.tests.hostile_forms"
        if importlib.util.find_spec(f"{app}.tests") and importlib.util.find_spec(name):
            modules[app] = importlib.import_module(name)
    return modules


CASE_MODULES = _case_modules()
CASES = [case for module in CASE_MODULES.values() for case in module.CASES]
CASE_IDS = [f"{app}:{case.id}" for app, module in CASE_MODULES.items() for case in module.CASES]


def project_forms() -> set[type]:
    """Every concrete form class defined in the apps' code (tests and migrations aside).

    Bases are left out: a model form without a model, and a form that other project forms
    extend (their fields are tested through the forms that use them).
    """
    found = set()
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if any(part in info.name.split(".") for part in ("tests", "migrations", "management")):
                continue
            module = importlib.import_module(info.name)
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, BaseForm) and value.__module__ == module.__name__:
                    found.add(value)
    bases = {base for form in found for base in form.__mro__[1:] if base in found}
    abstract = {
        form
        for form in found
        if issubclass(form, BaseModelForm) and getattr(form._meta, "model", None) is None
    }
    return found - bases - abstract


def test_every_form_has_a_hostile_input_case():
    covered = {form for case in CASES for form in case.forms}
    missing = sorted(f"{form.__module__}.{form.__name__}" for form in project_forms() - covered)
    assert not missing, (
        "These forms have no hostile-input case; add a FormCase for the page that shows each "
        "to <app>/tests/hostile_forms.py (see ryhma/tests/test_hostile_forms.py):\n  "
        + "\n  ".join(missing)
    )


@pytest.fixture(scope="module")
def demo(demo_snapshot, django_db_blocker):
    """The demo data (the process's copy of one `seed_all()`), put in once for the module
    inside a transaction rolled back at its end; each test runs in a savepoint of it, as
    pytest-django's `db` does."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            context = SimpleNamespace(**demo_snapshot.restore())
            for module in CASE_MODULES.values():
                if hasattr(module, "demo_objects"):
                    module.demo_objects(context)
        yield context
    forget_content_types()


def _path(url: str) -> str:
    return urlsplit(url).path


def _pick_form(html: str, page_url: str, action_url: str, method: str):
    for form in page_forms(html):
        target = urljoin(page_url, form.action) if form.action else page_url
        if form.method == method and _path(target) == _path(action_url):
            return form
    return None


def _body(draw, form, case) -> dict:
    body: dict = {}
    for control in form.controls:
        name, kind = control["name"], control["type"]
        if kind in SKIPPED_TYPES or name == "csrfmiddlewaretoken":
            continue
        if kind == "file":
            if case.upload:
                body[name] = hostile_file(draw, name, case.upload, case.header)
            continue
        if kind == "hidden" and case.keep_hidden:
            body.setdefault(name, []).append(control["value"])
            continue
        value = draw(hostile_value(control))
        if value is not None:
            body.setdefault(name, []).append(value)
    submits = [c for c in form.controls if c["type"] == "submit"]
    if submits:
        button = draw(st.sampled_from(submits))
        body.setdefault(button["name"], []).append(button["value"])
    return body


def _as_sent(form) -> dict:
    """The form's own values, as a browser would send them unchanged."""
    body: dict = {}
    for control in form.controls:
        if control["type"] in SKIPPED_TYPES | {"file"} or control["name"] == "csrfmiddlewaretoken":
            continue
        if control["type"] in ("checkbox", "radio") and not control["checked"]:
            continue
        body.setdefault(control["name"], []).append(control["value"])
    submit = next((c for c in form.controls if c["type"] == "submit"), None)
    if submit:
        body[submit["name"]] = [submit["value"]]
    return body


def _check(response, before, models, case):
    assert response.status_code in ACCEPTED, response.status_code
    if refused(response, shows_result=case.shows_result):
        assert data_fingerprint(models) == before, "a refused request changed saved data"
    if response.status_code in (200, 400, 409):
        assert_errors_are_shown(response)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_hostile_input_is_refused_cleanly(case, demo, db, client):
    if case.user:
        client.force_login(User.objects.get(username=case.user))
    page_url = case.url(demo)
    page = client.get(page_url)
    assert page.status_code == 200, f"{page_url} answered {page.status_code}"
    bound = {type(form) for form in context_forms(page)}
    assert set(case.forms) <= bound, f"{page_url} does not show {case.forms}"
    action_url = case.action(demo) if case.action else page_url
    form = _pick_form(page.content.decode(), page_url, action_url, case.method)
    assert form is not None, f"no {case.method} form to {action_url} on {page_url}"
    models = [
        model
        for app in PROJECT_APPS
        for model in apps.get_app_config(app.split(".")[-1]).get_models()
    ]
    send = client.get if case.method == "get" else client.post

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        # No shrinking: the values come from short lists, so a failing example reads well
        # as it is, and shrinking a page-level example would cost minutes.
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def submit_hostile(data):
        with transaction.atomic():
            body = _body(data.draw, form, case)
            before = data_fingerprint(models)
            cache.clear()  # the public form's rate limit lives in the cache
            response = send(action_url, body)
            _check(response, before, models, case)
            if case.upload and response.status_code == 200:
                html = response.content.decode()
                for confirm in page_forms(html):
                    if confirm.method == "post" and not any(
                        c["type"] == "file" for c in confirm.controls
                    ):
                        target = urljoin(action_url, confirm.action or action_url)
                        if _path(target) != _path(action_url):
                            continue
                        before = data_fingerprint(models)
                        _check(client.post(target, _as_sent(confirm)), before, models, case)
            transaction.set_rollback(True)

    submit_hostile()


# Hostile URL parameters

# Boundary values for every number in a URL: a year of 1 or 9999 (the calendar's ends:
# the week or month before or after them overflows), zero, a negative-free huge id.
URL_NUMBERS = [0, 1, 12, 53, 9999, 2**31, 10**20]
DATE_PARTS = ("year", "month", "week", "day")
URL_DATES = [
    {"year": 1, "month": 1, "week": 1, "day": 1},
    {"year": 9999, "month": 12, "week": 52, "day": 31},
    {"year": 0, "month": 0, "week": 0, "day": 0},
    {"year": 2026, "month": 13, "week": 54, "day": 32},
    {"year": 2026, "month": 2, "week": 53, "day": 30},
]
# Query parameters pages read dates and pages from.
URL_QUERIES = [
    {"vko": "9999-W52"},
    {"vko": "0001-W01"},
    {"vko": "2026-W99"},
    {"vko": "<script>"},
    {"year": "9999"},
    {"year": "1", "month_from": "13", "month_to": "0"},
    {"sivu": "-1"},
    {"sivu": "99999999999999999999"},
]


def _url_patterns(patterns=None, prefix="", namespace=""):
    """(route with converters, URL name) of every named pattern with an <int:…> part."""
    from django.urls import URLPattern, URLResolver, get_resolver

    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_patterns(entry.url_patterns, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), namespace + entry.name


def test_hostile_url_parameters_are_not_found_or_a_page_never_a_server_error(demo, db, client):
    """Every page with numbers in its URL, with each boundary number in every place, and
    every page with no parameters with hostile dates and page numbers in its query: the
    answer is a page, a redirect or "not found", never a 500 (for the coordinator and
    for village staff, whose pages differ)."""
    import re

    from django.urls import NoReverseMatch, reverse

    from services.models import WorkEntry
    from villages.models import Association
    from workers.models import Employment

    entry = WorkEntry.objects.select_related("employment").first()
    ids = sorted(
        {Association.objects.order_by("pk").first().pk, entry.employment_id}
        | set(Employment.objects.order_by("pk").values_list("pk", flat=True)[:1])
    )
    client.raise_request_exception = False
    failures = []
    for username in ("koordinaattori", "kyla"):
        client.force_login(User.objects.get(username=username))
        for route, name in _url_patterns():
            if name.startswith("admin:"):
                continue
            numbers = re.findall(r"<int:(\w+)>", route)
            if re.search(r"<(?!int:)", route):
                continue  # a slug or token: covered by the pages' own tests
            urls = []
            dated = [n for n in numbers if n in DATE_PARTS]
            if dated:
                # Real rows (so that the date is what the page reads), boundary dates.
                for row_id in ids:
                    for date in URL_DATES:
                        kwargs = {n: date[n] if n in DATE_PARTS else row_id for n in numbers}
                        urls.append(reverse(name, kwargs=kwargs))
            elif numbers:
                for value in URL_NUMBERS:
                    try:
                        urls.append(reverse(name, kwargs=dict.fromkeys(numbers, value)))
                    except NoReverseMatch:
                        pass
            else:
                try:
                    page = reverse(name)
                except NoReverseMatch:
                    continue
                urls += [f"{page}?{urlencode(query)}" for query in URL_QUERIES]
            for url in urls:
                status = client.get(url).status_code
                if status >= 500:
                    failures.append(f"{username} {url}: {status}")
    assert failures == []


# Labels and help texts built from data

# Appended to every name, title, label and statement of the demo data: a form that builds a
# label, a choice or a help text from them must print it escaped.
DATA_MARKER = "<b x>"
DATA_TEXT_FIELDS = {
    "name",
    "title",
    "text",
    "text_sv",
    "text_en",
    "low_label",
    "high_label",
    "low_label_sv",
    "high_label_sv",
    "first_name",
    "last_name",
    "description",
}


def test_labels_and_help_texts_built_from_data_are_escaped_on_every_form_page(demo, db, client):
    """Every form page of the hostile-input cases, opened after every name, title, label
    and statement of the demo data got a piece of markup appended: the markup is shown as
    text (escaped) wherever a form or a page prints it, never as a tag."""
    from django.db import models as db_models
    from django.db.models import Value
    from django.db.models.functions import Concat, Left

    for app in PROJECT_APPS:
        for model in apps.get_app_config(app.split(".")[-1]).get_models():
            updates = {
                field.name: Concat(
                    Left(field.name, (field.max_length or 10_000) - len(DATA_MARKER)),
                    Value(DATA_MARKER),
                )
                for field in model._meta.concrete_fields
                if field.name in DATA_TEXT_FIELDS
                and isinstance(field, db_models.CharField | db_models.TextField)
                and not field.choices
            }
            if updates:
                model.objects.exclude(**{f"{next(iter(updates))}": ""}).update(**updates)
    cache.clear()
    failures, escaped = [], 0
    for case in CASES:
        client.logout()
        if case.user:
            client.force_login(User.objects.get(username=case.user))
        url = case.url(demo)
        text = client.get(url).content.decode()
        if DATA_MARKER in text:
            failures.append(url)
        escaped += "&lt;b x&gt;" in text
    assert failures == []
    assert escaped > len(CASES) // 2  # the data did reach the pages
