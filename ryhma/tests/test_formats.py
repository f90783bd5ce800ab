import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.template import Context, Template
from django.utils import translation
from django.utils.formats import number_format
from hypothesis import example, given
from hypothesis import strategies as st


def render(source: str, **context) -> str:
    with translation.override(translation.get_language() or "fi"):
        return Template(source).render(Context(context))


def test_money_is_written_the_finnish_way():
    assert render("{{ v|euro }}", v=Decimal("1234.5")) == "1\xa0234,50\xa0€"


def test_money_rounds_half_up_to_the_cent():
    assert render("{{ v|euro }}", v=Decimal("0.125")) == "0,13\xa0€"
    assert render("{{ v|euro }}", v=Decimal("-0.004")) == "0,00\xa0€"
    assert render("{{ v|euro:0 }}", v=Decimal("1234567.5")) == "1\xa0234\xa0568\xa0€"


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


@given(
    number=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9),
    language=st.sampled_from(["fi", "sv", "en"]),
)
@example(number=Decimal("-0.004"), language="fi")
@example(number=Decimal("0.005"), language="fi")
@example(number=Decimal("-1234567.891"), language="sv")
def test_money_is_djangos_grouped_number_of_the_cents_rounded_half_up(number, language):
    cents = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    with translation.override(language):
        expected = number_format(cents, 2, force_grouping=True) + "\xa0€"
        assert render("{{ v|euro }}", v=number) == expected
