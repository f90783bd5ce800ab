"""Server-side SVG charts: the ONE chart module of the dashboards and the PDF reports.

This module measures and lays out; the markup is in the templates
`evaluation/charts/chart.svg` and `evaluation/charts/figure.html`.

No JavaScript and no inline CSS: every colour is an SVG presentation attribute, so the
markup works under a strict Content-Security-Policy and in WeasyPrint alike.

API
---
    from evaluation.charts import Chart, Series, chart_svg, chart_figure

    chart = Chart(
        title="Työtunnit kuukausittain",           # shown above the chart, also <title>
        description="Tunnit nousivat keväällä…",    # text for screen readers, also <desc>
        categories=[date(2026, 1, 1), ...],         # x axis: texts, or dates for months
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
Numbers are formatted for the active language (decimal comma in Finnish), whole numbers
without decimals. No label is ever clipped or overlaps another: the y labels set the left
margin, and the x labels are shortened ("syys 26"), slanted or thinned out as the width
needs (tests/test_chart_geometry.py measures every text of the SVG). Each chart gets
a unique id from its title and a counter so that several charts can share a page.
"""

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.template.loader import render_to_string
from django.utils.dates import MONTHS, MONTHS_AP
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language

from ryhma.templatetags.ryhma_tags import grouped

# Colour-blind safe (Okabe–Ito), all at least 3:1 against white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"]
WIDTH = 640
PLOT_HEIGHT = 228
MARGIN_RIGHT, MARGIN_TOP = 16, 16
FONT_SIZE = 12
FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
# DejaVu Sans (the PDF's font; Verdana's metrics are alike): advance widths in hundredths
# of an em, rounded up, so that text is measured without a browser. A character not
# listed counts as a whole em, wider than any of these.
_ADVANCES = {
    28: "'ijl",
    30: "IJ",
    32: " ,.\xa0·",
    34: "/:;\\|",
    36: "f",
    37: "-",
    40: "()[]t",
    41: "!",
    42: "r",
    46: '"',
    50: "*_`–",
    53: "sz",
    54: "?",
    55: "c",
    56: "L",
    58: "Fk",
    60: "vxy",
    61: "P",
    62: "TYaeoäöåé",
    64: "$0123456789ESbdghnpqu{}ü€",
    66: "K",
    69: "ABVXZÄÅ",
    70: "CR",
    74: "U",
    75: "N",
    76: "H",
    78: "&DG",
    79: "OQÖ",
    82: "w",
    84: "#+<=>^~−",
    87: "M",
    96: "%",
    98: "m",
    99: "W",
}
_WIDTHS = {char: hundredths / 100 for hundredths, chars in _ADVANCES.items() for char in chars}
ASCENT, DESCENT = 0.93, 0.24  # of an em, above and below the baseline
LINE = (ASCENT + DESCENT) * FONT_SIZE
GAP = 6  # between two labels, and between a label and what it names
EDGE = 2  # no text closer than this to the edge of the drawing
SLANT = math.sqrt(0.5)  # sine and cosine of the 45° of slanted x labels
MAX_SLANTED = 130  # a slanted label longer than this is cut (the table has it whole)
LEGEND_ROW = 18
_ids = itertools.count(1)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width of `text` in DejaVu Sans at `size` px, never less than the real one."""
    return size * sum(_WIDTHS.get(char, 1.0) for char in text)


def _cut(text: str, width: float) -> str:
    """`text`, cut with an ellipsis so that it is at most `width` px wide."""
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…" if text else ""


@dataclass
class Series:
    label: str
    values: list[Decimal | None]


@dataclass
class Chart:
    """`categories` are texts, or dates for months (the chart names them by its width)."""

    title: str
    description: str
    categories: Sequence[str | date]
    series: list[Series] = field(default_factory=list)
    kind: str = "bar"
    unit: str = ""
    _texts: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.kind not in ("bar", "line"):
            raise ValueError(f"unknown chart kind {self.kind!r}")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(f"series {series.label!r} does not match the categories")

    @property
    def is_empty(self) -> bool:
        return not any(v is not None for s in self.series for v in s.values)

    @property
    def by_month(self) -> bool:
        return bool(self.categories) and all(isinstance(c, date) for c in self.categories)

    @property
    def labels(self) -> list[str]:
        """The categories as the data table names them (months as "syyskuu 2026")."""
        return self.texts["F Y"]

    @property
    def texts(self) -> dict[str, list[str]]:
        """The categories as the chart may name them in the active language, by month
        format: "F Y" (the table), "N Y", "N y" and "N" (the x axis, as its width allows),
        as Django's `date_format` writes them: its month names (`MONTHS` for "F",
        `MONTHS_AP` for "N"), read once a month, and the year as "Y" and "y" write it. A
        category that is not a date is its own text."""
        language = get_language()
        if language not in self._texts:
            self._texts[language] = self._name_categories()
        return self._texts[language]

    def _name_categories(self) -> dict[str, list[str]]:
        texts: dict[str, list[str]] = {month_format: [] for month_format in MONTH_FORMATS}
        for category in self.categories:
            names: tuple[str, ...]
            if isinstance(category, date):
                short, long = str(MONTHS_AP[category.month]), str(MONTHS[category.month])
                year, yy = f"{category.year:04d}", f"{category.year % 100:02d}"
                names = (f"{long} {year}", f"{short} {year}", f"{short} {yy}", short)
            else:
                names = (str(category),) * len(MONTH_FORMATS)
            for month_format, name in zip(MONTH_FORMATS, names, strict=True):
                texts[month_format].append(name)
        return texts

    def rows(self) -> list[tuple[str, list[str]]]:
        return [
            (label, [format_value(s.values[i], self.unit) for s in self.series])
            for i, label in enumerate(self.labels)
        ]


# The formats of `Chart.texts`, longest first.
MONTH_FORMATS = ("F Y", "N Y", "N y", "N")


def format_value(value, unit: str = "") -> str:
    """A number as people read it in the active language, with its unit ('–' for none)."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    places = 0 if number == number.to_integral_value() else (2 if unit == "€" else 1)
    text = grouped(number, places)
    return f"{text}\xa0{unit}" if unit else text


def _nice_step(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10^n that is at least `value` (a tick step)."""
    exponent = value.adjusted()
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        candidate = step.scaleb(exponent)
        if candidate >= value:
            return candidate
    return Decimal(10).scaleb(exponent)


def _ticks(chart: Chart) -> list[Decimal]:
    """Round values from at most zero to at least zero that hold every value: 3 to 6 ticks."""
    values = [Decimal(str(v)) for s in chart.series for v in s.values if v is not None]
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    if low == high:
        high = Decimal(1)
    step = _nice_step((high - low) / 4)
    first = (low / step).to_integral_value(ROUND_FLOOR)
    last = (high / step).to_integral_value(ROUND_CEILING)
    return [(step * n).normalize() for n in range(int(first), int(last) + 1)]


@dataclass
class _XLabels:
    texts: list[tuple[float, str]]  # (x of the category's centre, text)
    slanted: bool
    height: float  # of the band under the plot that the labels take


def _horizontal(centres, texts, every: int, right: float) -> _XLabels | None:
    """Every `every`-th label, level and centred on its category, or None if two of them
    would touch or one would leave the drawing."""
    placed, previous_end = [], -math.inf
    for i in range(0, len(texts), every):
        width = text_width(texts[i])
        x = min(max(centres[i], EDGE + width / 2), right - width / 2)
        if x - width / 2 < max(previous_end + GAP, EDGE):
            return None
        placed.append((x, texts[i]))
        previous_end = x + width / 2
    return _XLabels(placed, slanted=False, height=GAP + LINE + 4)


def _x_labels(chart: Chart, centres, slot: float) -> _XLabels | None:
    """Months as "syys 2026", "syys 26" or (all in one year) "syys", level; then slanted
    at 45°; then every n-th label only: the first of these that leaves space between all
    labels."""
    right = WIDTH - EDGE
    candidates = [chart.texts["N Y"]]
    if chart.by_month:
        candidates.append(chart.texts["N y"])
        if len({c.year for c in chart.categories if isinstance(c, date)}) == 1:
            # one year (named by the period above the chart): the month alone
            candidates.append(chart.texts["N"])
    for texts in candidates:
        if placed := _horizontal(centres, texts, 1, right):
            return placed
    short = candidates[-1]
    if slot * SLANT >= LINE + 2:
        texts = [
            # a slanted label runs down to the left from its category: room to the left edge
            _cut(text, min(MAX_SLANTED, (x - EDGE) / SLANT - LINE))
            for x, text in zip(centres, short, strict=True)
        ]
        drop = max(text_width(text) for text in texts)
        return _XLabels(
            list(zip(centres, texts, strict=True)),
            slanted=True,
            height=GAP + 4 + (drop + LINE) * SLANT + 4,
        )
    for every in range(2, len(short) + 1):
        if placed := _horizontal(centres, short, every, right):
            return placed
    width = right - EDGE
    return _horizontal(centres[:1], [_cut(short[0], width)], 1, right)


@dataclass
class _Legend:
    swatch_x: str
    swatch_y: str
    text_x: str
    text_y: str
    colour: str
    label: str


def _legend(chart: Chart, top: float) -> tuple[list[_Legend], float]:
    """The series' names with their colours, in as many rows as the width needs."""
    x: float
    items, x, row = [], EDGE, 0
    room = WIDTH - 2 * EDGE
    for s_index, series in enumerate(chart.series):
        label = _cut(series.label, room - 16)
        width = 16 + text_width(label)
        if x > EDGE and x + width > WIDTH - EDGE:
            x, row = EDGE, row + 1
        baseline = top + row * LEGEND_ROW + ASCENT * FONT_SIZE
        items.append(
            _Legend(_at(x), _at(baseline - 10), _at(x + 16), _at(baseline), _colour(s_index), label)
        )
        x += width + 3 * GAP
    rows = row + 1 if chart.series else 0
    return items, rows * LEGEND_ROW


def _at(value: float) -> str:
    """A coordinate as SVG writes it: a point and one decimal, whatever the language
    (digits, a point and a minus sign: nothing to escape)."""
    return SafeString(f"{value:.1f}")


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _chart_id(chart: Chart) -> str:
    return f"chart-{slugify(chart.title)[:30]}-{next(_ids)}"


def _drawing(chart: Chart, chart_id: str) -> dict:
    """Everything the SVG template draws, as plain values: coordinates are strings in
    SVG's own number format. The texts are measured: the y labels set the left margin, the
    x labels are level, shortened, slanted or thinned out to fit, the legend wraps."""
    ticks = _ticks(chart)
    bottom, top = ticks[0], ticks[-1]
    span = top - bottom
    tick_labels = [format_value(tick, chart.unit) for tick in ticks]
    margin_left = EDGE + max(text_width(label) for label in tick_labels) + GAP
    plot_bottom = MARGIN_TOP + PLOT_HEIGHT
    count = max(len(chart.categories), 1)

    def layout(margin_left: float):
        slot = (WIDTH - margin_left - MARGIN_RIGHT) / count
        centres = [margin_left + slot * (i + 0.5) for i in range(len(chart.categories))]
        x_labels = _x_labels(chart, centres, slot) if chart.categories else None
        return slot, centres, x_labels

    slot, centres, x_labels = layout(margin_left)
    if x_labels and x_labels.slanted:
        # Room on the left for the first slanted label, up to a quarter of the width.
        longest = max(text_width(text) for text in chart.texts["N y"])
        wanted = (min(longest, MAX_SLANTED) + LINE) * SLANT + EDGE - slot / 2
        if wanted > margin_left:
            margin_left = min(wanted, WIDTH / 4)
            slot, centres, x_labels = layout(margin_left)
    band = x_labels.height if x_labels else GAP
    legend, legend_height = _legend(chart, plot_bottom + band)
    height = math.ceil(plot_bottom + band + legend_height + EDGE)

    def y(value) -> float:
        return MARGIN_TOP + float((top - Decimal(str(value))) / span) * PLOT_HEIGHT

    grid = [
        {"y": _at(y(tick)), "label_y": _at(y(tick) + 4), "label": label}
        for tick, label in zip(ticks, tick_labels, strict=True)
    ]
    labels_y: float = plot_bottom + GAP + 4
    if x_labels and not x_labels.slanted:
        labels_y = plot_bottom + GAP + ASCENT * FONT_SIZE + 2
    category_labels = [
        {"x": _at(x), "text": text} for x, text in (x_labels.texts if x_labels else [])
    ]
    zero = y(0)
    bars, lines = [], []
    n_series = max(len(chart.series), 1)
    for s_index, series in enumerate(chart.series):
        colour = _colour(s_index)
        if chart.kind == "bar":
            bar_w = slot * 0.8 / n_series
            for i, value in enumerate(series.values):
                if value is None:
                    continue
                x = margin_left + slot * i + slot * 0.1 + bar_w * s_index
                vy = y(value)
                bars.append(
                    {
                        "x": _at(x),
                        "y": _at(min(vy, zero)),
                        "width": _at(bar_w),
                        "height": _at(abs(zero - vy)),
                        "colour": colour,
                    }
                )
        else:
            points = [
                (_at(centres[i]), _at(y(value)))
                for i, value in enumerate(series.values)
                if value is not None
            ]
            if points:
                lines.append(
                    {
                        "points": SafeString(" ".join(f"{px},{py}" for px, py in points)),
                        "dots": points,
                        "colour": colour,
                    }
                )
    return {
        "id": chart_id,
        "chart": chart,
        "width": WIDTH,
        "height": height,
        "font_family": FONT_FAMILY,
        "font_size": FONT_SIZE,
        "left": _at(margin_left),
        "right": WIDTH - MARGIN_RIGHT,
        "tick_label_x": _at(margin_left - GAP),
        "grid": grid,
        "slanted": bool(x_labels and x_labels.slanted),
        "labels_y": _at(labels_y),
        "category_labels": category_labels,
        "zero": _at(zero),
        "bars": bars,
        "lines": lines,
        "legend": legend,
    }


def chart_svg(chart: Chart, chart_id: str | None = None) -> SafeString:
    """The chart as a standalone SVG (`evaluation/charts/chart.svg`)."""
    drawing = _drawing(chart, chart_id or _chart_id(chart))
    return mark_safe(render_to_string("evaluation/charts/chart.svg", drawing).strip())


def chart_figure(chart: Chart) -> SafeString:
    """The chart as a <figure> (`evaluation/charts/figure.html`): caption, SVG (or a note
    when there is no data), the text description and the data table."""
    chart_id = _chart_id(chart)
    svg = None if chart.is_empty else chart_svg(chart, chart_id)
    return mark_safe(
        render_to_string(
            "evaluation/charts/figure.html", {"id": chart_id, "chart": chart, "svg": svg}
        )
    )
