"""Numbers typed by hand: a decimal comma is a comma in every language, and values outside
a plausible range (12,75 €/h read as 1 275 €/h) need a confirmation."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from ryhma.forms import read_decimal
from workers.forms import EmploymentForm
from workers.parameters import seed_default_parameter_set

pytestmark = pytest.mark.django_db


def contract(association, **changes):
    data = {
        "association": association.pk,
        "starts_on": "2026-02-01",
        "ends_on": "2026-10-31",
        "hours_per_week": "24,4",
        "hourly_wage": "12,75",
        "collective_agreement": "TES",
        "agreement_class": "1",
        "tasks": "Pihatyöt",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("12,75", "12.75"),
        ("12.75", "12.75"),
        ("1 275,50", "1275.50"),
        ("1\xa0275,50\xa0€", "1275.50"),
        ("1.275,50", "1275.50"),
        ("7,5 h", "7.5"),
        ("abc", "abc"),
    ],
)
def test_typed_numbers_are_read_as_a_finn_means_them(typed, read):
    assert read_decimal(typed) == read


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_decimal_comma_is_a_comma_in_every_language(staff, association, language):
    with translation.override(language):
        form = EmploymentForm(contract(association), user=staff)
        assert form.is_valid(), form.errors
    assert form.cleaned_data["hourly_wage"] == Decimal("12.75")
    assert form.cleaned_data["hours_per_week"] == Decimal("24.4")
    # A text input with the numeric keyboard, not the browser's locale-bound number input.
    html = str(form["hourly_wage"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html


def test_an_implausible_wage_needs_a_confirmation(staff, association):
    form = EmploymentForm(contract(association, hourly_wage="1275"), user=staff)
    assert not form.is_valid()
    assert "1275 on epätavallinen" in form.errors["hourly_wage"][0]
    assert "confirm_unusual" in form.fields
    confirmed = EmploymentForm(
        contract(association, hourly_wage="1275", confirm_unusual="on"), user=staff
    )
    assert confirmed.is_valid(), confirmed.errors
    assert confirmed.cleaned_data["hourly_wage"] == Decimal("1275")


def test_contract_hours_beyond_the_subsidised_65_percent_are_warned(
    staff, association, municipality
):
    seed_default_parameter_set(municipality=municipality, year=2026)
    form = EmploymentForm(contract(association, hours_per_week="30"), user=staff)
    assert not form.is_valid()
    # 65 % of 37,5 h is 24,4 h: the hours above are the association's own cost.
    assert "24,4 h (65 % kokoaikaisesta)" in form.errors["hours_per_week"][0]
    assert EmploymentForm(contract(association), user=staff).is_valid()
    confirmed = EmploymentForm(
        contract(association, hours_per_week="30", confirm_unusual="on"), user=staff
    )
    assert confirmed.is_valid()
    assert confirmed.cleaned_data["starts_on"] == datetime.date(2026, 2, 1)


@pytest.mark.parametrize("language", ["fi", "en"])
def test_parameter_values_read_a_decimal_comma_in_every_language(language):
    from evaluation.forms import FinnishDecimalField

    field = FinnishDecimalField(max_digits=10, decimal_places=4)
    with translation.override(language):
        # In English a localized field read "12,75" as 1275 (the comma as a thousands mark).
        assert field.clean("12,75") == Decimal("12.75")
        assert field.clean("3 500,25") == Decimal("3500.25")
        assert 'type="text"' in field.widget.render("x", Decimal("12.75"))
