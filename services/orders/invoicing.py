"""Invoice documents: the Finnish reference number, the PDF and the bookkeeping exports.

The PDF is rendered by WeasyPrint with a URL fetcher that serves only the project's
own static files: rendering never touches the network, whatever an invoice contains.
"""

import io

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ryhma.exports import finnish_csv, safe_row

PDF_BASE_URL = "https://ryhma.invalid/"
REFERENCE_WEIGHTS = (7, 3, 1)


def reference_check_digit(base: str) -> int:
    """The check digit of a Finnish reference: weights 7, 3, 1 from the right."""
    total = sum(int(digit) * REFERENCE_WEIGHTS[i % 3] for i, digit in enumerate(reversed(base)))
    return (10 - total % 10) % 10


def reference_number(base: str) -> str:
    """A Finnish reference number (viitenumero): 3–19 digits followed by the check digit."""
    if not (base.isascii() and base.isdecimal()) or not 3 <= len(base) <= 19:
        raise ValueError("A reference base is 3–19 digits.")
    return f"{base}{reference_check_digit(base)}"


def is_valid_reference(reference: str) -> bool:
    digits = reference.replace(" ", "")
    return (
        digits.isascii()
        and digits.isdecimal()
        and 4 <= len(digits) <= 20
        and reference_check_digit(digits[:-1]) == int(digits[-1])
    )


def _static_only_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves /static/… from the project's static files; refuses everything else."""

        def fetch(self, url, headers=None):
            prefix = PDF_BASE_URL + "static/"
            if not url.startswith(prefix):
                raise ValueError(f"External resources are not fetched: {url}")
            relative = url[len(prefix) :].split("?")[0]
            path = finders.find(relative) if ".." not in relative else None
            if not path:
                raise ValueError(f"No such static file: {relative}")
            with open(path, "rb") as handle:
                body = handle.read()
            content_type = "text/css" if path.endswith(".css") else "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticOnlyFetcher()


def render_invoices_pdf(invoices, *, request=None) -> bytes:
    """One PDF with each invoice on its own page(s). `invoices` carry their lines."""
    from weasyprint import HTML

    html = render_to_string("services/invoice_pdf.html", {"invoices": invoices}, request=request)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_static_only_fetcher()).write_pdf()


def export_headers() -> list[str]:
    return [
        _("Invoice number"),
        _("Reference number"),
        _("Customer"),
        _("Invoice date"),
        _("Due date"),
        _("Period"),
        _("Total (€)"),
        _("Labour share for the household tax credit (€)"),
    ]


def _rows(invoices):
    for invoice in invoices:
        yield (
            invoice.number,
            invoice.reference,
            invoice.customer_name,
            invoice.issued_on,
            invoice.due_on,
            f"{invoice.period_start:%m/%Y}",
            invoice.total,
            invoice.labour_share,
        )


def invoices_csv(invoices) -> bytes:
    """Finnish Excel CSV (see ryhma.exports): BOM, semicolons, decimal comma, no formulas."""
    return finnish_csv([export_headers(), *_rows(invoices)]).encode("utf-8")


def invoices_xlsx(invoices) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = _("Invoices")[:31]
    sheet.append(export_headers())
    for row in _rows(invoices):
        sheet.append(safe_row(row))
        line = sheet.max_row
        for column in ("D", "E"):
            sheet[f"{column}{line}"].number_format = "DD.MM.YYYY"
        for column in ("G", "H"):
            sheet[f"{column}{line}"].number_format = "#,##0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
