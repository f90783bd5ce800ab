import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from workers import importing
from workers.models import Employment, Worker
from workers.tests.factories import employed_worker

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
    assert importing.save(rows, actor=coordinator, municipality=municipality).new_workers == 2
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


def test_a_line_break_inside_an_unquoted_cell_is_refused_with_a_message(client, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("tyontekijat.csv", b"etunimi;sukunimi\nAi\rno;Alatalo\n")
    response = client.post(reverse("workers:import"), {"file": upload})
    assert response.status_code == 200
    assert "Tiedostoa ei voitu lukea CSV-muodossa" in response.content.decode()
    assert not Worker.objects.exists()


def test_unknown_column_is_reported(coordinator, association):
    rows = [["etunimi", "sukunimi", "hetu"], ["Aino", "Alatalo", "010170-123A"]]
    result = importing.check(rows, user=coordinator)
    assert not result.ok and "hetu" in result.file_errors[0]


def test_importing_the_same_file_again_adds_no_one_twice(coordinator, association, municipality):
    lines = (
        "Aino;Alatalo;1970;Livokas ry;1.4.2026;31.12.2026;24,4;12,00",
        "Eero;Esala;1965;;;;;",
    )
    first = importing.save(
        importing.read(_csv(*lines)), actor=coordinator, municipality=municipality
    )
    assert (first.new_workers, first.new_contracts) == (2, 1)
    rows = importing.read(_csv(*lines))
    result = importing.check(rows, user=coordinator, municipality=municipality)
    assert result.ok, [r.errors for r in result.rows]
    assert [(r.worker, r.contract) for r in result.rows] == [
        ("existing", "existing"),
        ("existing", ""),
    ]
    again = importing.save(rows, actor=coordinator, municipality=municipality)
    assert (again.new_workers, again.existing_workers, again.new_contracts) == (0, 2, 0)
    assert Worker.objects.count() == 2 and Employment.objects.count() == 1


def test_a_new_contract_for_a_saved_worker_attaches_to_them(
    coordinator, association, other_association, municipality
):
    aino = employed_worker(association, starts_on=datetime.date(2026, 1, 1), ends_on=None)
    Worker.objects.filter(pk=aino.pk).update(
        first_name="Aino", last_name="Alatalo", birth_year=1970
    )
    rows = importing.read(
        _csv("aino;ALATALO;1970;Jongun alueen kyläyhdistys ry;1.5.2026;;20;12,50")
    )
    result = importing.check(rows, user=coordinator, municipality=municipality)
    assert (result.rows[0].worker, result.rows[0].worker_id) == ("existing", aino.pk)
    importing.save(rows, actor=coordinator, municipality=municipality)
    assert Worker.objects.count() == 1
    assert aino.employments.filter(association=other_association).exists()


def test_namesakes_are_told_apart_by_association_or_reported(
    coordinator, association, other_association, municipality
):
    ours = employed_worker(association)
    theirs = employed_worker(other_association)
    Worker.objects.update(first_name="Mikko", last_name="Korhonen", birth_year=1975)
    rows = importing.read(
        _csv(
            "Mikko;Korhonen;1975;Livokas ry;1.11.2026;;24;12",
            "Mikko;Korhonen;1975;;;;;",
        )
    )
    result = importing.check(rows, user=coordinator, municipality=municipality)
    assert result.rows[0].worker_id == ours.pk and not result.rows[0].errors
    error = " ".join(result.rows[1].errors)
    assert "Rivi 3:" in error and f"{ours.pk}, {theirs.pk}" in error and "”numero”" in error
    assert not result.ok


def test_the_worker_number_column_picks_the_worker_and_is_checked(
    coordinator, association, municipality
):
    aino = employed_worker(association)
    rows = [
        ["numero", "etunimi", "sukunimi"],
        [str(aino.pk), aino.first_name, aino.last_name],
        ["99999", "Eero", "Esala"],
        [str(aino.pk), "Eero", "Esala"],
    ]
    result = importing.check(rows, user=coordinator, municipality=municipality)
    assert result.rows[0].worker == "existing" and not result.rows[0].errors
    assert (
        "Rivi 3, sarake ”numero”: yhdelläkään työntekijällä ei ole numeroa 99999"
        in (result.rows[1].errors[0])
    )
    assert str(aino) in result.rows[2].errors[0]


def test_a_different_contract_from_the_same_start_is_a_row_error(
    coordinator, association, municipality
):
    aino = employed_worker(association, starts_on=datetime.date(2026, 4, 1))
    rows = [
        [
            "etunimi",
            "sukunimi",
            "syntymävuosi",
            "yhdistys",
            "alkaa",
            "tuntia viikossa",
            "tuntipalkka",
        ],
        [aino.first_name, aino.last_name, "1975", "Livokas ry", "1.4.2026", "30", "12"],
    ]
    result = importing.check(rows, user=coordinator, municipality=municipality)
    assert (
        "sarake ”alkaa”" in result.rows[0].errors[0]
        and "Muuta sopimusta" in result.rows[0].errors[0]
    )


def test_dry_run_page_shows_new_and_existing_rows(client, coordinator, association):
    aino = employed_worker(association)
    client.force_login(coordinator)
    text = client.post(
        reverse("workers:import"),
        {"file": _csv(f"{aino.first_name};{aino.last_name};1975;;;;;", "Eero;Esala;1965;;;;;")},
    ).content.decode()
    assert "olemassa oleva" in text and f"numero {aino.pk}" in text and "uusi" in text


def test_a_namesake_with_another_birth_year_is_pointed_out_not_matched(
    client, coordinator, association
):
    aino = employed_worker(association)
    client.force_login(coordinator)
    text = client.post(
        reverse("workers:import"), {"file": _csv(f"{aino.first_name};{aino.last_name};;;;;;")}
    ).content.decode()
    assert "uusi" in text and f"numero {aino.pk} (s. 1975)" in text


def _rewritten(upload, sheet_xml) -> SimpleUploadedFile:
    """The XLSX of `upload` with its first sheet's XML replaced by `sheet_xml(old)`."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(upload.read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml(data.decode()).encode()
            target.writestr(info.filename, data)
    return SimpleUploadedFile("tyontekijat.xlsx", buffer.getvalue())


def _peak_mb(action):
    import tracemalloc

    tracemalloc.start()
    try:
        result = action()
    except importing.UnreadableFile as error:
        result = error
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return result, peak


def test_an_xlsx_declaring_a_huge_sheet_is_read_by_its_real_rows_in_little_memory():
    """A 2 kB file declaring A1:XFD1048576 (16,384 columns, a million rows) made openpyxl
    pad every row to the declared width: 323 MB for A1:XFD4000, about 130 GB for this."""
    import re

    upload = _rewritten(
        _xlsx([HEADER.split(";"), ["Aino", "Alatalo", 1970]]),
        lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml),
    )
    assert len(upload.read()) < 10_000
    upload.seek(0)
    rows, peak = _peak_mb(lambda: importing.read(upload))
    assert peak < 100
    assert rows[1][:3] == ["Aino", "Alatalo", "1970"]
    assert len(rows) == 2


def test_an_xlsx_of_too_many_rows_is_refused_while_reading_with_a_message():
    """Twenty thousand small rows compress to some tens of kilobytes: reading stops at the
    limit, in little memory, and the message says how to fix the file."""

    def many_rows(xml):
        rows = "".join(
            f'<row r="{n}"><c r="A{n}" t="n"><v>{n}</v></c></row>' for n in range(2, 20_000)
        )
        return re.sub(r"</row>\s*</sheetData>", "</row>" + rows + "</sheetData>", xml, count=1)

    import re

    upload = _rewritten(_xlsx([HEADER.split(";")]), many_rows)
    error, peak = _peak_mb(lambda: importing.read(upload))
    assert peak < 100
    assert isinstance(error, importing.UnreadableFile)
    assert "more than 2000 rows" in str(error) or "yli 2000 riviä" in str(error)


def test_an_xlsx_that_unpacks_too_large_is_refused_before_reading(settings):
    upload = _rewritten(
        _xlsx([HEADER.split(";")]),
        lambda xml: xml.replace(
            "</worksheet>", "<!--" + " " * (11 * 1024 * 1024) + "--></worksheet>"
        ),
    )
    assert len(upload.read()) < 100_000
    upload.seek(0)
    error, peak = _peak_mb(lambda: importing.read(upload))
    assert isinstance(error, importing.UnreadableFile)
    assert "(over 10 MB)" in str(error) or "(yli 10 Mt)" in str(
        error
    )  # test order sets the language
    assert peak < 100
