"""Server-side SVG charts: the ONE chart module of the dashboards and the PDF reports.

No JavaScript and no inline CSS: every colour is an SVG presentation attribute, so the
markup works under a strict Content-Security-Policy and in WeasyPrint alike.

API
---
    from evaluation.charts import Chart, Series, chart_svg, chart_figure

    chart = Chart(
        title="Työtunnit kuukausittain",           # shown above the chart, also <title>
        description="Tunnit nousivat keväällä…",    # text for screen readers, also <desc>
        categories=["1/2026", "2/2026", ...],       # x axis (one label per value)
        series=[Series("Tunnit", [Decimal("120.5"), ...])],   # None = no data (a gap)
        kind="bar",                                 # "bar" (grouped) or "line"
        unit="h",                                   # "", "h", "€" or "%" (axis and table)
    )
    chart_svg(chart)     -> SafeString: a standalone <svg role="img"> with <title>/<desc>;
                            use it in PDFs (the print template adds its own data table).
    chart_figure(chart)  -> SafeString: <figure> with a <figcaption> title, the SVG, the
                            text description and the data table (<th scope>) for screen
                            readers and anyone who wants the numbers. Use it on pages.
    chart.rows()         -> [(category, [formatted value per series]), ...] for own tables.

In templates: `{% load evaluation_charts %}{% chart chart %}` renders `chart_figure`.
Numbers are formatted for the active language (decimal comma in Finnish). Each chart gets
a unique id from its title and a counter so that several charts can share a page.
"""

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ryhma.templatetags.ryhma_tags import grouped

# Colour-blind safe (Okabe–Ito), all at least 3:1 against white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"]
WIDTH, HEIGHT = 640, 300
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 16, 16, 56
_ids = itertools.count(1)


@dataclass
class Series:
    label: str
    values: list[Decimal | None]


@dataclass
class Chart:
    title: str
    description: str
    categories: list[str]
    series: list[Series] = field(default_factory=list)
    kind: str = "bar"
    unit: str = ""

    def __post_init__(self):
        if self.kind not in ("bar", "line"):
            raise ValueError(f"unknown chart kind {self.kind!r}")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(f"series {series.label!r} does not match the categories")

    @property
    def is_empty(self) -> bool:
        return not any(v is not None for s in self.series for v in s.values)

    def rows(self) -> list[tuple[str, list[str]]]:
        return [
            (category, [format_value(s.values[i], self.unit) for s in self.series])
            for i, category in enumerate(self.categories)
        ]


def format_value(value, unit: str = "") -> str:
    """A number as people read it in the active language, with its unit ('–' for none)."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    places = 0 if number == number.to_integral_value() else (2 if unit == "€" else 1)
    text = grouped(number, places)
    return f"{text}\xa0{unit}" if unit else text


def _nice_max(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10^n that is at least `value` (the axis top)."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        candidate = step.scaleb(exponent)
        if candidate >= value:
            return candidate
    return Decimal(10).scaleb(exponent)


def _bounds(chart: Chart) -> tuple[Decimal, Decimal]:
    values = [Decimal(str(v)) for s in chart.series for v in s.values if v is not None]
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    top = _nice_max(high) if high > 0 else Decimal(0)
    bottom = -_nice_max(-low) if low < 0 else Decimal(0)
    if top == bottom:
        top = Decimal(1)
    return bottom, top


def chart_svg(chart: Chart, chart_id: str | None = None) -> SafeString:
    chart_id = chart_id or f"chart-{slugify(chart.title)[:30]}-{next(_ids)}"
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    bottom, top = _bounds(chart)
    span = top - bottom

    def y(value) -> float:
        return MARGIN_TOP + float((top - Decimal(str(value))) / span) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="ryhma-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-t">{escape(chart.title)}</title>',
        f'<desc id="{chart_id}-d">{escape(chart.description)}</desc>',
    ]
    for i in range(5):
        tick = bottom + span * i / 4
        ty = y(tick)
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="#d0d4d9" stroke-width="1"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="#333">'
            f"{escape(format_value(tick.normalize(), chart.unit))}</text>"
        )
    count = max(len(chart.categories), 1)
    slot = plot_w / count
    label_every = max(1, (count + 11) // 12)
    for i, category in enumerate(chart.categories):
        if i % label_every == 0:
            cx = MARGIN_LEFT + slot * (i + 0.5)
            parts.append(
                f'<text x="{cx:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" text-anchor="middle" '
                f'fill="#333">{escape(category)}</text>'
            )
    zero = y(0)
    parts.append(
        f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{zero:.1f}" '
        f'y2="{zero:.1f}" stroke="#333" stroke-width="1"/>'
    )
    n_series = max(len(chart.series), 1)
    for s_index, series in enumerate(chart.series):
        colour = PALETTE[s_index % len(PALETTE)]
        if chart.kind == "bar":
            bar_w = slot * 0.8 / n_series
            for i, value in enumerate(series.values):
                if value is None:
                    continue
                x = MARGIN_LEFT + slot * i + slot * 0.1 + bar_w * s_index
                vy = y(value)
                top_y, height = min(vy, zero), abs(zero - vy)
                parts.append(
                    f'<rect x="{x:.1f}" y="{top_y:.1f}" width="{bar_w:.1f}" '
                    f'height="{height:.1f}" fill="{colour}"/>'
                )
        else:
            points = [
                (MARGIN_LEFT + slot * (i + 0.5), y(value))
                for i, value in enumerate(series.values)
                if value is not None
            ]
            if points:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
                )
                parts.extend(
                    f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>'
                    for px, py in points
                )
    legend_y = HEIGHT - 14
    x = MARGIN_LEFT
    for s_index, series in enumerate(chart.series):
        colour = PALETTE[s_index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{legend_y}" fill="#333">{escape(series.label)}</text>'
        )
        x += 28 + 7 * len(series.label)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def chart_figure(chart: Chart) -> SafeString:
    """The chart as a <figure>: caption, SVG (or a note when there is no data), the text
    description and the data table. Written here rather than in a template: a page of
    charts renders a few hundred cells."""
    chart_id = f"chart-{slugify(chart.title)[:30]}-{next(_ids)}"
    title = conditional_escape(chart.title)
    # (gettext outside the f-strings: makemessages does not look inside them)
    no_data = conditional_escape(_("No data for this period."))
    show_table = conditional_escape(_("Show the data as a table"))
    period = conditional_escape(_("Period"))
    if chart.is_empty:
        body = f'    <p class="text-muted">{no_data}</p>'
    else:
        body = f'    <div class="ryhma-chart-wrap">{chart_svg(chart, chart_id)}</div>'
    heads = "".join(
        f'<th scope="col">{conditional_escape(series.label)}</th>' for series in chart.series
    )
    rows = "".join(
        f'\n            <tr><th scope="row">{conditional_escape(category)}</th>'
        + "".join(f"<td>{conditional_escape(value)}</td>" for value in values)
        + "</tr>\n          "
        for category, values in chart.rows()
    )
    return mark_safe(
        f'<figure class="ryhma-figure" aria-labelledby="{chart_id}-caption">\n'
        f'  <figcaption id="{chart_id}-caption" class="h5">{title}</figcaption>\n'
        f"  \n{body}\n  \n"
        f'  <p class="small">{conditional_escape(chart.description)}</p>\n'
        "  <details>\n"
        f"    <summary>{show_table}</summary>\n"
        '    <div class="table-responsive">\n'
        '      <table class="table table-sm">\n'
        f'        <caption class="visually-hidden">{title}</caption>\n'
        f'        <thead><tr><th scope="col">{period}</th>{heads}'
        "</tr></thead>\n"
        f"        <tbody>\n          {rows}\n        </tbody>\n"
        "      </table>\n"
        "    </div>\n"
        "  </details>\n"
        "</figure>\n"
    )
