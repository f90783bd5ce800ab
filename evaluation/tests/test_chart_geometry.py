"""Every text of a chart lies inside the drawing and touches no other text.

The texts are measured with the real DejaVu Sans (the PDF's font), independently of the
chart module's own width table, and slanted labels are checked as the rotated boxes
they are.
"""

import math
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.utils import translation

from conftest import missing_service
from evaluation.charts import Chart, Series, chart_svg

SVG = "{http://www.w3.org/2000/svg}"
FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
]


@pytest.fixture(scope="module")
def measure():
    """width(text, size) in px with DejaVu Sans, and its ascent and descent in em."""
    from fontTools.ttLib import TTFont

    path = next((p for p in FONT_PATHS if Path(p).exists()), None)
    if path is None:
        missing_service("the DejaVu Sans font (fonts-dejavu-core)")
    font = TTFont(path)
    cmap, advances = font.getBestCmap(), font["hmtx"]
    em = font["head"].unitsPerEm

    def width(text: str, size: float) -> float:
        return size * sum(advances[cmap[ord(char)]][0] for char in text) / em

    return width, font["hhea"].ascent / em, -font["hhea"].descent / em


def text_boxes(svg: str, measure) -> tuple[list[tuple[str, list]], float, float]:
    """Each <text> as (its text, the four corners of its box), and the drawing's size."""
    width_of, ascent, descent = measure
    root = ET.fromstring(svg)
    _x, _y, view_w, view_h = (float(v) for v in root.attrib["viewBox"].split())
    size = float(root.attrib["font-size"])
    boxes = []
    for element in root.iter(f"{SVG}text"):
        text = element.text or ""
        x, y = float(element.attrib["x"]), float(element.attrib["y"])
        w = width_of(text, size)
        anchor = element.get("text-anchor", "start")
        left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        corners = [
            (left, y - ascent * size),
            (left + w, y - ascent * size),
            (left + w, y + descent * size),
            (left, y + descent * size),
        ]
        transform = element.get("transform")
        if transform:
            assert transform.startswith("rotate("), transform
            angle, cx, cy = (float(v) for v in transform[7:-1].split())
            a = math.radians(angle)
            corners = [
                (
                    cx + (px - cx) * math.cos(a) - (py - cy) * math.sin(a),
                    cy + (px - cx) * math.sin(a) + (py - cy) * math.cos(a),
                )
                for px, py in corners
            ]
        boxes.append((text, corners))
    return boxes, view_w, view_h


def overlap(a: list, b: list) -> bool:
    """Whether two convex quadrilaterals overlap (separating axis theorem)."""
    for polygon in (a, b):
        for i in range(4):
            (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % 4]
            axis = (y1 - y2, x2 - x1)
            pa = [axis[0] * x + axis[1] * y for x, y in a]
            pb = [axis[0] * x + axis[1] * y for x, y in b]
            if max(pa) <= min(pb) or max(pb) <= min(pa):
                return False
    return True


def assert_texts_fit(chart: Chart, measure) -> list[str]:
    svg = str(chart_svg(chart))
    boxes, view_w, view_h = text_boxes(svg, measure)
    for text, corners in boxes:
        for x, y in corners:
            assert 0 <= x <= view_w and 0 <= y <= view_h, (
                f"{text!r} leaves the {view_w}×{view_h} drawing at ({x:.1f}, {y:.1f})"
            )
    for i, (text, corners) in enumerate(boxes):
        for other, other_corners in boxes[i + 1 :]:
            assert not overlap(corners, other_corners), f"{text!r} overlaps {other!r}"
    return [text for text, _corners in boxes]


MONTHS_36 = [date(2025 + m // 12, m % 12 + 1, 1) for m in range(36)]
VILLAGES = [f"Kylä {n} – Ylä-Livon ja Jongun kyläyhdistys" for n in range(1, 31)]
DATA = {
    "negative": (["a", "b", "c"], [D(-100000), D(-85960.55), D(12000)], "€"),
    "only negative": (["a", "b"], [D("-0.5"), D(-3)], "h"),
    "zero": (["a", "b", "c"], [D(0), D(0), D(0)], "€"),
    "very large": (["a", "b"], [D(987654321012), D(-123456789)], "€"),
    "tiny": (["a", "b"], [D("0.01"), D("0.02")], "%"),
    "many months": (MONTHS_36, [D(n * 911 - 12000) for n in range(36)], "h"),
    "twelve months": (MONTHS_36[:12], [D(18232)] * 12, "h"),
    "many villages": (VILLAGES, [D(n * 1000) for n in range(30)], ""),
    "hundred categories": ([str(n) for n in range(100)], [D(n) for n in range(100)], ""),
    "one long category": (["Ylä-Livon kyläyhdistys " * 8], [D(5)], ""),
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("kind", ["bar", "line"])
@pytest.mark.parametrize("name", list(DATA))
def test_no_chart_text_leaves_the_drawing_or_overlaps_another(name, kind, language, measure):
    categories, values, unit = DATA[name]
    series = [
        Series("Työnantajan kustannukset yhteensä", values),
        Series("Palkkatuki ja kuntalisä", [None if v is None else -v for v in values]),
        Series("Kaupungin nettovaikutus, kun koordinointi on vähennetty", values),
    ]
    chart = Chart("Otsikko", "Kuvaus", categories, series, kind=kind, unit=unit)
    with translation.override(language):
        texts = assert_texts_fit(chart, measure)
    assert "Palkkatuki ja kuntalisä" in texts  # the legend is drawn too


def test_negative_axis_labels_keep_their_minus_sign(measure):
    chart = Chart("Netto", "d", ["a", "b"], [Series("€", [D(-100000), D(50000)])], unit="€")
    with translation.override("fi"):
        texts = assert_texts_fit(chart, measure)
    assert "-100\xa0000\xa0€" in texts
    assert "50\xa0000\xa0€" in texts


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "18\xa0232\xa0h"), ("sv", "18\xa0232\xa0h"), ("en", "18,232\xa0h")],
)
def test_chart_numbers_follow_the_language_and_whole_hours_have_no_decimals(language, expected):
    chart = Chart("Tunnit", "d", ["a"], [Series("h", [D("18232.00")])], unit="h")
    with translation.override(language):
        assert chart.rows() == [("a", [expected])]


def test_twelve_months_are_all_named_level_and_in_the_readers_language(measure):
    categories, values, unit = DATA["twelve months"]
    chart = Chart("Tunnit", "d", categories, [Series("Tunnit", values)], unit=unit)
    with translation.override("fi"):
        texts = assert_texts_fit(chart, measure)
        assert "syys" in texts or "syys 25" in texts
        assert chart.rows()[8][0] == "syyskuu 2025"
        assert "rotate" not in str(chart_svg(chart))
    with translation.override("en"):
        assert chart.rows()[8][0] == "September 2025"
        assert "rotate" not in str(chart_svg(chart))


def test_many_months_are_thinned_out_or_slanted_never_run_together(measure):
    categories, values, unit = DATA["many months"]
    chart = Chart("Tunnit", "d", categories, [Series("Tunnit", values)], unit=unit)
    with translation.override("sv"):
        texts = assert_texts_fit(chart, measure)
    assert not any("/" in text for text in texts)
