import io

import pypdf
import pytest

from evaluation.reports.render import render_pdf

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_programme_report_renders_to_pdf(crew, programme_scope):
    pdf, pages = render_pdf(programme_scope, "fi")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    print(text[:3000])
    assert pages >= 5
