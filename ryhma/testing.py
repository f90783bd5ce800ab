"""Helpers for tests of every app."""

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import IntegerField
from django.forms import BaseForm
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from hypothesis import strategies as st


def count_queries(action) -> int:
    """How many SQL queries `action()` runs."""
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def writes_of(queries: CaptureQueriesContext) -> list[str]:
    """The SQL writes among captured queries other than the audit event and the session:
    the only two things a GET may write."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "auditevent" not in query["sql"].lower()
        and "django_session" not in query["sql"].lower()
    ]


# Access matrix (see ryhma/tests/test_access_matrix.py for the format)

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


# Hostile input on every form (see ryhma/tests/test_hostile_forms.py)


@dataclass(frozen=True)
class FormCase:
    """A page with a form that the hostile-input property test fills with bad values.

    `url(demo)` is the page that shows the form (`demo` is what `ryhma.demo.seed_all()`
    returned, as attributes); `action(demo)` is where the form posts when that is another URL.
    `forms` are the form classes the page binds: the test checks that the page really has
    them, and `test_every_form_has_a_hostile_input_case` that every form of the project is
    named by some case. `user` is a demo username (None: anonymous). `upload` makes the file
    inputs receive generated files: ("csv",), ("csv", "xlsx"), with rows under `header`.
    """

    forms: tuple
    url: Callable
    user: str | None = "koordinaattori"
    method: str = "post"
    action: Callable | None = None
    upload: tuple = ()
    header: tuple = ()
    # The view answers a successful POST with a page of its own (a link shown once) instead
    # of a redirect: then only a form error, an error message or a 4xx counts as a refusal.
    shows_result: bool = False
    # Hidden inputs keep the page's values (a page that merges concurrent edits on purpose).
    keep_hidden: bool = False
    label: str = ""

    @property
    def id(self) -> str:
        names = "+".join(form.__name__ for form in self.forms) or "page"
        return f"{names}[{self.label}]" if self.label else names


@dataclass
class HtmlForm:
    method: str
    action: str
    # (tag, type, name, value, options, checked) for every named control.
    controls: list


class FormFinder(HTMLParser):
    """The <form> elements of a page with their named controls and a select's options."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = HtmlForm(
                (attrs.get("method") or "get").lower(), attrs.get("action") or "", []
            )
            self.forms.append(self._form)
        elif self._form is None or "disabled" in attrs:
            return
        elif tag in ("input", "button") and attrs.get("name"):
            kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
            control = {
                "tag": tag,
                "type": kind,
                "name": attrs["name"],
                "value": attrs.get("value") or ("on" if kind == "checkbox" else ""),
                "options": [],
                "checked": "checked" in attrs,
            }
            self._form.controls.append(control)
        elif tag == "select" and attrs.get("name"):
            self._select = {
                "tag": "select",
                "type": "select",
                "name": attrs["name"],
                "value": "",
                "options": [],
                "checked": False,
            }
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select["options"].append(value)
            if "selected" in attrs or not self._select["value"]:
                self._select["value"] = value
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = {
                "tag": "textarea",
                "type": "textarea",
                "name": attrs["name"],
                "value": "",
                "options": [],
                "checked": False,
            }
            self._form.controls.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(html: str) -> list[HtmlForm]:
    finder = FormFinder()
    finder.feed(html)
    return finder.forms


# Values that have broken forms somewhere: empty, signs, huge and tiny numbers, both decimal
# marks, impossible dates, markup, spreadsheet formulas, a NUL byte, very long text.
HOSTILE_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "-0,01",
    "7,5",
    "7.5",
    "24,01",
    "1e309",
    "NaN",
    "99999999999999999999",
    "2026-02-30",
    "31.12.2026",
    "0000-00-00",
    "9999-12-31",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "' OR 1=1 --",
    "a\x00b",
    "ä" * 400,
]
HOSTILE_TEXT = st.sampled_from(HOSTILE_VALUES) | st.text(max_size=40)


def hostile_value(control: dict):
    """A strategy for one control: what the page offers, or something it does not."""
    kind = control["type"]
    if kind == "checkbox":
        return st.sampled_from([None, control["value"], "x"])
    offered = [control["value"], *control["options"]]
    return st.sampled_from(offered) | HOSTILE_TEXT | st.just("999999999")


def hostile_file(draw, name: str, kinds: tuple, header: Sequence[str]):
    """A CSV or XLSX upload: the right header (mostly) and rows of hostile cells."""
    header = list(header)
    if not header or draw(st.integers(0, 9)) == 0:
        header = draw(st.lists(HOSTILE_TEXT, max_size=4))
    rows = draw(
        st.lists(st.lists(HOSTILE_TEXT, min_size=len(header), max_size=len(header) + 1), max_size=4)
    )
    kind = draw(st.sampled_from(kinds)) if kinds else "csv"
    if kind == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook has one sheet
        for row in [header, *rows]:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
    elif draw(st.integers(0, 9)) == 0:
        content = draw(st.binary(max_size=200))
    else:
        text = "\n".join(";".join(row) for row in [header, *rows])
        content = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1"])), "replace")
    return SimpleUploadedFile(f"{name}.{kind}", content)


def data_fingerprint(models) -> dict:
    """Row count and latest change of each model: unchanged means nothing was saved.

    One query for all the models (their rows through the default manager): the row count,
    the latest `updated_at` and the sum of the `version` counters (the latest text version,
    like an instrument's "2.0", which cannot be summed), each as text.
    """
    quote = connection.ops.quote_name
    parts, params = [], []
    for model in models:
        fields = {f.name: f for f in model._meta.concrete_fields}
        columns = ["pk", *(name for name in ("updated_at", "version") if name in fields)]
        rows = model._default_manager.order_by().values_list(*columns)
        sql, row_params = rows.query.sql_with_params()
        updated = f"MAX({quote(fields['updated_at'].column)})" if "updated_at" in fields else "NULL"
        version = "NULL"
        if "version" in fields:
            numeric = isinstance(fields["version"], IntegerField)
            version = f"{'SUM' if numeric else 'MAX'}({quote(fields['version'].column)})"
        parts.append(
            f"SELECT %s, COUNT(*), CAST({updated} AS TEXT), CAST({version} AS TEXT) "
            f"FROM ({sql}) AS model_rows"
        )
        params += [model._meta.label, *row_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {label: tuple(values) for label, *values in cursor.fetchall()}


def refused(response, *, shows_result: bool = False) -> bool:
    """The request changed nothing by design: any answer but a redirect (with shows_result:
    a 4xx or a page with form errors), or any answer that carries an error message."""
    storage = getattr(response.wsgi_request, "_messages", None)
    added = getattr(storage, "_queued_messages", [])  # this request's, not earlier unread ones
    if any(message.level >= messages.ERROR for message in added):
        return True
    if response.status_code >= 400:
        return True
    if shows_result:
        return any(form.is_bound and form.errors for form in context_forms(response))
    return response.status_code != 302


def context_forms(response) -> list:
    found = []
    for context in response.context or []:
        for value in context.dicts if hasattr(context, "dicts") else [context]:
            if not isinstance(value, dict):
                continue
            for item in value.values():
                if isinstance(item, BaseForm) and item not in found:
                    found.append(item)
    return found


def assert_errors_are_shown(response) -> None:
    """Every error of a refused form is on the page, next to its field's label."""
    page = response.content.decode()
    for form in context_forms(response):
        if not form.is_bound:
            continue
        for name, errors in form.errors.items():
            if name in form.fields and form[name].is_hidden:
                # A hidden field (a row version) only errs when tampered with; the person
                # at the keyboard did not write it and cannot correct it.
                continue
            for error in errors:
                assert escape(error) in page or error in page, (
                    f"{type(form).__name__}: the error {error!r} of {name!r} is not shown"
                )
            if name != NON_FIELD_ERRORS and name in form.fields:
                bound = form[name]
                if bound.label:
                    label = str(bound.label)
                    assert escape(label) in page or label in page, (
                        f"{type(form).__name__}: the field {name!r} with an error has no label"
                    )
