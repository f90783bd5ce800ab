from datetime import date
from decimal import Decimal

import pytest

from ryhma.exports import csv_response, finnish_csv, safe_cell, safe_row


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","klikkaa")',
        "+358401234567",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "  =1",
        "\uff1d1",
    ],
)
def test_text_that_a_spreadsheet_would_run_becomes_plain_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["Matti Meikäläinen", "", "1-2", "a=b", Decimal("-12.50"), -3, 2.5, None, True]
)
def test_ordinary_values_and_numbers_are_kept(value):
    assert safe_cell(value) == value


def test_finnish_csv_has_bom_semicolons_decimal_commas_and_no_formulas():
    text = finnish_csv(
        [["Nimi", "Tunnit", "Päivä"], ["=cmd|' /C calc'!A0", Decimal("7.50"), date(2026, 3, 2)]]
    )
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").split("\r\n")
    assert lines[0] == "Nimi;Tunnit;Päivä"
    assert lines[1] == "'=cmd|' /C calc'!A0;7,50;2.3.2026"


def test_csv_response_is_a_utf8_download():
    response = csv_response("tunnit.csv", ["Nimi"], [["Åsa"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tunnit.csv"'
    assert response.content.startswith("\ufeffNimi\r\nÅsa".encode())


def test_safe_row_for_spreadsheets():
    assert safe_row(["=A1", 3]) == ["'=A1", 3]
