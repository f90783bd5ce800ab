import pytest
from django.core.management import CommandError, call_command

from evaluation.tests.reports.test_report_render import flat, pdf_text

pytestmark = pytest.mark.django_db


def test_render_report_writes_the_programme_report(tmp_path, crew, programme):
    out = tmp_path / "report.pdf"
    call_command("render_report", programme=programme.slug, period="2026", out=str(out))
    text = flat(pdf_text(out.read_bytes()))
    assert "Vaikuttavuusraportti: Kylätyö" in text
    assert "Palkkakustannus" in text


def test_render_report_takes_a_language_and_a_quarter(tmp_path, crew, programme):
    out = tmp_path / "rapport.pdf"
    call_command(
        "render_report", programme=programme.slug, period="2026-Q2", language="sv", out=str(out)
    )
    text = flat(pdf_text(out.read_bytes()))
    assert "Effektrapport: Kylätyö" in text and "Q2/2026" in text


def test_render_report_explains_a_bad_period_and_an_unknown_programme(tmp_path, programme):
    with pytest.raises(CommandError, match="2026-Q1"):
        call_command("render_report", programme=programme.slug, period="kesä", out="x.pdf")
    with pytest.raises(CommandError, match="kylatyo"):
        call_command("render_report", programme="ei-ole", period="2026", out="x.pdf")
