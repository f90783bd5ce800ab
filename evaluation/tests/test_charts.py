from decimal import Decimal as D

import pytest
from django.template import Context, Template

from evaluation.charts import Chart, Series, chart_figure, chart_svg, format_value


def hours_chart(kind="bar"):
    return Chart(
        title="Työtunnit <kuukausittain>",
        description="Tunnit nousivat maaliskuussa.",
        categories=["1/2026", "2/2026", "3/2026"],
        series=[Series("Tunnit", [D("120.5"), None, D("300")]), Series("Tavoite", [D(200)] * 3)],
        kind=kind,
        unit="h",
    )


@pytest.mark.parametrize("kind", ["bar", "line"])
def test_svg_has_accessible_title_and_description_and_no_inline_style(kind):
    svg = str(chart_svg(hours_chart(kind)))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and "aria-labelledby" in svg
    assert "<title" in svg and "Työtunnit &lt;kuukausittain&gt;" in svg
    assert "<desc" in svg and "maaliskuussa" in svg
    assert "style=" not in svg and "<script" not in svg


def test_bar_chart_draws_one_bar_per_value_and_skips_gaps():
    svg = str(chart_svg(hours_chart("bar")))
    # 5 bars for 5 values plus 2 legend swatches
    assert svg.count("<rect") == 7


def test_figure_has_caption_description_and_data_table_with_header_scopes():
    html = str(chart_figure(hours_chart()))
    assert "<figcaption" in html and "<table" in html
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "120,5\xa0h" in html
    assert "–" in html


def test_template_tag_renders_the_figure():
    template = Template("{% load evaluation_charts %}{% chart c %}")
    html = template.render(Context({"c": hours_chart()}))
    assert "<svg" in html and "<figure" in html


def test_series_must_match_categories():
    with pytest.raises(ValueError):
        Chart(title="x", description="y", categories=["a"], series=[Series("s", [1, 2])])


def test_empty_chart_says_there_is_no_data():
    chart = Chart(title="x", description="y", categories=["a"], series=[Series("s", [None])])
    assert chart.is_empty
    assert "<svg" not in str(chart_figure(chart))


def test_negative_values_are_drawn_below_the_zero_line():
    chart = Chart("Net", "d", ["a", "b"], [Series("€", [D(-50), D(100)])], unit="€")
    assert "<svg" in chart_svg(chart)
    assert format_value(D("-50.5"), "€") == "-50,50\xa0€"
