"""From a report scope to PDF bytes: figures -> HTML (print templates) -> WeasyPrint.

Rendering makes no network request: `StaticOnlyFetcher` serves the project's own
static files and refuses every other URL, whatever the HTML asks for.
"""

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluation.charts import Chart, Series, chart_svg
from evaluation.economy import ASSISTANCE_NOTE
from evaluation.models import ReportKind
from evaluation.reports.figures import MIN_GROUP, ReportData, Scope, collect
from ryhma.templatetags.ryhma_tags import euro
from workers.parameters import source_label

# The documents' own origin: relative URLs resolve against it, and only it is served.
BASE_URL = "https://ryhma.invalid/"
TEMPLATE = "evaluation/reports/report.html"

Progress = Callable[[int], None]


class RefusedURL(ValueError):
    """The report asked for something outside the project's static files."""


def _static_path(url: str) -> Path | None:
    """The file behind a static URL of BASE_URL, or None when it is anything else."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL):
        return None
    relative = path[len(settings.STATIC_URL) :]
    normal = posixpath.normpath(relative)
    if normal.startswith(("..", "/")) or normal != relative or "\\" in relative:
        return None
    collected = Path(settings.STATIC_ROOT) / normal
    if collected.is_file():
        return collected
    found = finders.find(normal)
    return Path(found) if found else None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = _static_path(url)
            if path is None:
                raise RefusedURL(f"Refused during report rendering: {url[:200]}")
            mime = "text/css" if path.suffix == ".css" else None
            response_headers = {"Content-Type": mime} if mime else {}
            return URLFetcherResponse(url, path.read_bytes(), response_headers)

    return StaticOnlyFetcher


def static_only_fetcher():
    return _fetcher_class()()


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    template: str


def sections_for(kind: str) -> list[Section]:
    summary = Section("summary", _("Summary"), "evaluation/reports/_summary.html")
    individual = Section("individual", _("Individual"), "evaluation/reports/_individual.html")
    community = Section("community", _("Community"), "evaluation/reports/_community.html")
    economy = Section("economy", _("Economy"), "evaluation/reports/_economy.html")
    development = Section("development", _("Development"), "evaluation/reports/_development.html")
    appendix = Section(
        "appendix", _("Appendix: method and parameters"), "evaluation/reports/_appendix.html"
    )
    if kind == ReportKind.INDIVIDUAL:
        person = Section(
            "individual", _("Path in the programme"), "evaluation/reports/_person.html"
        )
        return [summary, person, economy, appendix]
    return [summary, individual, community, economy, development, appendix]


def _title(scope: Scope) -> str:
    if scope.kind == ReportKind.VILLAGE:
        return _("Village report: %(name)s") % {"name": scope.association}
    if scope.kind == ReportKind.INDIVIDUAL:
        return _("Individual report: %(name)s") % {"name": scope.worker}
    return _("Impact report: %(name)s") % {"name": scope.programme}


def _figure(chart: Chart, *, table: bool = True) -> dict:
    """A chart's SVG, and its numbers as a table unless the section prints them already."""
    return {"chart": chart, "svg": chart_svg(chart), "table": table}


def _charts(data: ReportData) -> list[dict]:
    if not data.months:
        return []
    description = _("Person-months of employment in each month of the period.")
    if any(row.person_months is None for row in data.months):
        description += " " + _(
            "Months with fewer than %(n)s people employed are left out to protect their privacy."
        ) % {"n": MIN_GROUP}
    chart = Chart(
        title=_("Person-months by month"),
        description=description,
        categories=[row.month for row in data.months],
        series=[Series(_("Person-months"), [row.person_months for row in data.months])],
    )
    return [_figure(chart)]


def _economy_chart(data: ReportData) -> dict | None:
    economy = data.economy
    if economy is None:
        return None
    chart = Chart(
        title=_("Costs and income of the associations"),
        description=_("Employer cost, pay subsidy income, municipal top-up and net cost."),
        categories=[_("Employer cost"), _("Subsidy"), _("Top-up"), _("Net cost")],
        series=[
            Series(
                _("Euros"),
                [
                    economy["employer_cost"],
                    economy["subsidy_income"],
                    economy["municipal_top_up"],
                    economy["association_net_cost"],
                ],
            )
        ],
        unit="€",
    )
    # Its four numbers are rows of the associations' table just above it.
    return _figure(chart, table=False)


def _appendix(data: ReportData) -> dict:
    """The parameter tables with each value's source as a number into one list of
    sources: a handful of sources serve forty values, and printing each in full on every
    row made the appendix the slowest part of the report to lay out (and to read)."""
    sources: dict[str, int] = {}

    def number(source: str) -> int:
        return sources.setdefault(source, len(sources) + 1)

    return {
        "parameters": [(year, used, number(used.source)) for year, used in data.parameters],
        "steps": [
            (year, step, number(source_label(step.source))) for year, step in data.share_steps
        ],
        "sources": list(sources),
    }


def association_gain_note(net_cost) -> str:
    """What a net cost below zero means, in words (the dashboard says the same); "" when
    the net cost is not below zero."""
    if net_cost is None or net_cost >= 0:
        return ""
    return _(
        "A net cost below zero means that the associations gained: the pay subsidy, the"
        " municipal top-up and service revenue together exceeded their employer cost by"
        " %(amount)s."
    ) % {"amount": euro(-net_cost)}


def build_context(scope: Scope, data: ReportData) -> dict:
    return {
        "appendix": _appendix(data),
        "scope": scope,
        "data": data,
        "title": _title(scope),
        "period_label": scope.period.label,
        "sections": sections_for(scope.kind),
        "charts": _charts(data),
        "economy_chart": _economy_chart(data),
        "association_gain": association_gain_note(
            data.economy["association_net_cost"] if data.economy else None
        ),
        "min_group": MIN_GROUP,
        "taxes_included": data.taxes_included,
        "assistance_note": ASSISTANCE_NOTE,
        "generated_at": timezone.localtime(),
        "language": translation.get_language(),
    }


def render_html(scope: Scope, language: str) -> str:
    with translation.override(language):
        data = collect(scope)
        return render_to_string(TEMPLATE, build_context(scope, data))


def _render_and_write(html: str, progress: Progress | None) -> tuple[bytes, int]:
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_only_fetcher()).render()
    if progress is not None:
        progress(80)
    return document.write_pdf(), len(document.pages)


def write_pdf(html: str, progress: Progress | None = None) -> tuple[bytes, int]:
    """HTML of a print template as PDF bytes and its page count, with no network access."""
    return _render_and_write(html, progress)


def render_pdf(scope: Scope, language: str, progress: Progress | None = None) -> tuple[bytes, int]:
    """The report as PDF bytes and its page count. `progress(percent)` follows the stages."""

    def step(percent: int) -> None:
        if progress is not None:
            progress(percent)

    with translation.override(language):
        data = collect(scope)
        step(20)
        html = render_to_string(TEMPLATE, build_context(scope, data))
        step(35)
        pdf, pages = write_pdf(html, progress=step)
        step(95)
    return pdf, pages
