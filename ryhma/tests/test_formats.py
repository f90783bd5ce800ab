import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    with translation.override("fi"):
        return Template(source).render(Context(context))


def test_money_is_written_the_finnish_way():
    assert render("{{ v|euro }}", v=Decimal("1234.5")) == "1\xa0234,50\xa0€"


def test_money_rounds_half_up_to_the_cent():
    assert render("{{ v|euro }}", v=Decimal("0.125")) == "0,13\xa0€"


def test_missing_money_is_a_dash_not_zero():
    assert render("{{ v|euro }}", v=None) == "–"


def test_plain_numbers_are_grouped_with_at_most_two_decimals():
    assert render("{{ v|number }}", v=Decimal("-274805.386")) == "-274\xa0805,39"
    assert render("{{ v|number }}", v=Decimal("1200")) == "1\xa0200"
    assert render("{{ v|number }}", v=None) == "–"


def test_hours_and_percent():
    assert render("{{ v|hours }}", v=Decimal("7.50")) == "7,5\xa0h"
    assert render("{{ v|hours }}", v=Decimal("8")) == "8\xa0h"
    assert render("{{ v|percent }}", v=Decimal("0.25")) == "25\xa0%"


def test_dates_are_day_month_year():
    assert render("{{ d|date }}", d=datetime.date(2026, 11, 28)) == "28.11.2026"


def test_numbers_use_decimal_comma_and_grouping():
    assert render('{{ n|floatformat:"2g" }}', n=Decimal("1234.5")) == "1\xa0234,50"
