import datetime
from decimal import Decimal

from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import number_format
from hypothesis import example, given
from hypothesis import strategies as st

from ryhma.templatetags.ryhma_tags import decimals, grouped


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


@given(
    number=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1, max_value=1),
    places=st.sampled_from([0, 1, 2]),
    language=st.sampled_from(["fi", "sv", "en"]),
)
@example(number=Decimal("-0.004"), places=2, language="fi")
@example(number=Decimal("-0.00"), places=2, language="fi")
@example(number=Decimal("0.05"), places=0, language="fi")
@example(number=Decimal("1E+3"), places=0, language="en")
@example(number=Decimal("-1234567.891"), places=2, language="sv")
def test_fast_grouping_writes_numbers_as_django_does(number, places, language):
    with translation.override(language):
        assert grouped(number, places) == number_format(number, places, force_grouping=True)


@given(
    number=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9),
    places=st.sampled_from([1, 2, 3]),
    language=st.sampled_from(["fi", "sv", "en"]),
)
@example(number=Decimal("-0.004"), places=2, language="fi")
@example(number=Decimal("2.345"), places=2, language="fi")
@example(number=Decimal("0.4838709677419354838709677419"), places=2, language="sv")
def test_fast_decimals_write_numbers_as_floatformat_does(number, places, language):
    with translation.override(language):
        assert decimals(number, places) == floatformat(number, places)
