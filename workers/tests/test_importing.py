import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from workers import importing
from workers.models import Employment, Worker

HEADER = "etunimi;sukunimi;syntymävuosi;yhdistys;alkaa;päättyy;tuntia viikossa;tuntipalkka"


def _csv(*lines):
    text = "\n".join([HEADER, *lines]).encode("utf-8")
    return SimpleUploadedFile("tyontekijat.csv", text, content_type="text/csv")


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("tyontekijat.xlsx", buffer.getvalue())


def test_dry_run_lists_every_error_with_row_and_column_in_finnish(coordinator, association):
    rows = importing.read(
        _csv(
            "Aino;Alatalo;1970;Livokas ry;1.4.2026;31.12.2026;24,4;12,00",
            "Eero;;19x0;Tuntematon ry;32.4.2026;;50;12",
        )
    )
    result = importing.check(rows, user=coordinator)
    assert not result.ok
    assert result.rows[0].errors == []
    text = " ".join(result.rows[1].errors)
    assert "Rivi 3, sarake ”sukunimi”" in text
    assert "Rivi 3, sarake ”syntymävuosi”: ”19x0” ei ole kokonaisluku." in text
    assert "”Tuntematon ry”" in text and "”alkaa”" in text
    assert not Worker.objects.exists()


def test_action_rules_are_checked_in_the_dry_run(coordinator, association):
    rows = importing.read(_csv("Aino;Alatalo;1970;Livokas ry;1.4.2026;1.3.2026;24;12"))
    result = importing.check(rows, user=coordinator)
    assert "Rivi 2, sarake ”päättyy”" in result.rows[0].errors[0]
    assert not Worker.objects.exists() and not Employment.objects.exists()


def test_xlsx_import_saves_workers_and_contracts(coordinator, association, municipality):
    import datetime

    rows = importing.read(
        _xlsx(
            [
                HEADER.split(";"),
                [
                    "Aino",
                    "Alatalo",
                    1970,
                    "Livokas ry",
                    datetime.date(2026, 4, 1),
                    None,
                    24.4,
                    12,
                ],
                ["Eero", "Esala", 1965, association.business_id, "1.5.2026", "", "30", "12,5"],
            ]
        )
    )
    result = importing.check(rows, user=coordinator)
    assert result.ok, result.rows
    assert importing.save(rows, actor=coordinator, municipality=municipality) == 2
    assert Employment.objects.filter(association=association).count() == 2


def test_save_is_all_or_nothing(coordinator, association, municipality):
    rows = importing.read(
        _csv(
            "Aino;Alatalo;1970;Livokas ry;1.4.2026;;24;12",
            "Eero;Esala;1965;Livokas ry;1.4.2026;;45;12",
        )
    )
    with pytest.raises(ValidationError):
        importing.save(rows, actor=coordinator, municipality=municipality)
    assert not Worker.objects.exists()


def test_import_page_checks_then_saves(client, coordinator, association):
    client.force_login(coordinator)
    url = reverse("workers:import")
    response = client.post(url, {"file": _csv("Aino;Alatalo;1970;Livokas ry;1.4.2026;;24;12")})
    assert "Tallenna kaikki rivit" in response.content.decode()
    assert not Worker.objects.exists()
    response = client.post(url, {"save": "1"})
    assert response.status_code == 302
    assert Worker.objects.get().last_name == "Alatalo"


def test_import_page_rejects_other_file_types(client, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("tyontekijat.pdf", b"%PDF")
    text = client.post(reverse("workers:import"), {"file": upload}).content.decode()
    assert "Tämän tyyppistä tiedostoa ei hyväksytä" in text


def test_unknown_column_is_reported(coordinator, association):
    rows = [["etunimi", "sukunimi", "hetu"], ["Aino", "Alatalo", "010170-123A"]]
    result = importing.check(rows, user=coordinator)
    assert not result.ok and "hetu" in result.file_errors[0]
