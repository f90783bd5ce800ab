import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from services.models import InvoicingProfile
from services.orders import actions
from services.orders.invoicing import (
    invoices_csv,
    invoices_xlsx,
    is_valid_reference,
    reference_number,
    render_invoices_pdf,
)
from services.tests.factories import ServiceOrderFactory

DAY = datetime.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("base", "reference"),
    [("1234567", "12345672"), ("123", "1232"), ("20260001", "202600017"), ("1000", "10003")],
)
def test_reference_number_has_the_finnish_7_3_1_check_digit(base, reference):
    assert reference_number(base) == reference
    assert is_valid_reference(reference)


def test_a_mistyped_reference_is_not_valid():
    assert not is_valid_reference("12345673")
    with pytest.raises(ValueError):
        reference_number("12")


@pytest.fixture
def invoice(association, customer, service, staff):
    InvoicingProfile.objects.create(
        association=association, iban="FI21 1234 5600 0007 85", vat_note="Ei arvonlisäveroa."
    )
    customer.name = '=HYPERLINK("http://evil.example")'
    customer.save()
    order = ServiceOrderFactory(
        association=association, customer=customer, service=service, scheduled_on=DAY
    )
    actions.complete_order(
        order=order,
        completed_on=DAY,
        hours=Decimal("2.5"),
        units=None,
        expected_version=1,
        actor=staff,
    )
    [invoice] = actions.create_month_invoices(
        association=association,
        year=2026,
        month=3,
        actor=staff,
        issued_on=datetime.date(2026, 4, 1),
    )
    return invoice


def test_invoice_pdf_has_what_a_finnish_invoice_needs(invoice, association):
    pdf = render_invoices_pdf([invoice])
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert association.name in text
    assert association.business_id in text
    assert "LASKU" in text
    assert invoice.reference_grouped in text
    assert "15.4.2026" in text  # due date, 14 days
    assert "FI21 1234 5600 0007 85" in text
    assert "50,00" in text  # 2,5 h × 18 € + 5 € travel
    assert "kotitalousvähennykseen" in text.lower()


def test_pdf_rendering_fetches_nothing_from_the_network(invoice, monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("the PDF tried to open a URL")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    invoice.customer_name = '<img src="http://evil.example/x.png">'
    assert render_invoices_pdf([invoice]).startswith(b"%PDF")


def test_csv_export_is_for_finnish_excel_and_defuses_formulas(invoice):
    content = invoices_csv([invoice])
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Laskunumero"
    assert rows[1][2].startswith("'=")
    assert rows[1][6] == "50,00"
    assert rows[1][3] == "1.4.2026"


def test_xlsx_export_has_numbers_as_numbers_and_no_formulas(invoice):
    sheet = load_workbook(io.BytesIO(invoices_xlsx([invoice]))).active
    assert sheet["A1"].value == "Laskunumero"
    assert sheet["C2"].value.startswith("'=")
    assert sheet["C2"].data_type == "s"
    assert sheet["G2"].value == Decimal("50.00") or sheet["G2"].value == 50
