from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ryhma.models import AuditAction, AuditEvent
from services.conftest import make_crew
from services.hours.imports import read_hours_csv
from services.models import MonthLock, Task, WeekSheet, WorkEntry
from services.tests.factories import WorkEntryFactory

pytestmark = pytest.mark.django_db

HEADER = "päivä;työntekijä;tunnit;tehtävä;huomautus\r\n"


@pytest.fixture
def matti(association):
    (employment,) = make_crew(association, 1)
    employment.worker.first_name, employment.worker.last_name = "Matti", "Meikäläinen"
    employment.worker.save()
    return employment


def upload(text: str, encoding="utf-8-sig", name="tunnit.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_good_file_is_read_with_finnish_dates_decimal_commas_and_task_labels(association, matti):
    content = (
        HEADER + "2.3.2026;Matti Meikäläinen;7,5;;\r\n"
        "3.3.2026;matti meikäläinen;4;Koulutus;ensiapu\r\n"
    ).encode("utf-8-sig")
    result = read_hours_csv(content, association=association)
    assert result.errors == [] and result.file_error == ""
    assert [(r.hours, r.task, r.note) for r in result.rows] == [
        (Decimal("7.50"), Task.GENERAL, ""),
        (Decimal("4.00"), Task.TRAINING, "ensiapu"),
    ]


def test_a_file_excel_saved_in_windows_1252_is_read_like_utf_8(association, matti):
    content = (HEADER + "2.3.2026;Matti Meikäläinen;7,5;;\r\n").encode("cp1252")
    result = read_hours_csv(content, association=association)
    assert result.errors == [] and result.file_error == ""
    assert [(r.employment, r.hours) for r in result.rows] == [(matti, Decimal("7.50"))]


@pytest.mark.parametrize(
    "content, expected",
    [
        (
            HEADER.replace(";", ",").encode(),
            "puolipisteillä (;), mutta tiedostossa erottimena on ”,”",
        ),
        ((HEADER + "2.3.2026;Mätti;7;;\r\n").encode("utf-16"), "ei ole UTF-8-muodossa"),
        (b"pvm;nimi;h\r\n2.3.2026;Matti;7\r\n", "Otsikkorivin pitää olla: päivä;työntekijä"),
        ((HEADER + "2.3.2026;Ma\rtti;7;;\r\n").encode(), "ei voitu lukea CSV-muodossa"),
    ],
)
def test_wrong_delimiter_encoding_or_header_is_refused_with_what_was_expected(
    association, content, expected
):
    result = read_hours_csv(content, association=association)
    assert expected in result.file_error
    assert result.rows == []


def test_every_bad_row_is_reported_in_finnish(association, matti, coordinator):
    WorkEntryFactory(employment=matti, work_date=matti.starts_on.replace(month=3, day=4))
    MonthLock.objects.create(association=association, month=matti.starts_on.replace(month=2))
    content = (
        HEADER + "31.2.2026;Matti Meikäläinen;7;;\r\n"
        "2.3.2026;Maija Mallikas;7;;\r\n"
        "3.3.2026;Matti Meikäläinen;7,3;;\r\n"
        "4.3.2026;Matti Meikäläinen;4;;\r\n"
        "5.3.2026;Matti Meikäläinen;4;Lumityöt;\r\n"
        "6.3.2026;Matti Meikäläinen;4;;\r\n"
        "6.3.2026;Matti Meikäläinen;5;;\r\n"
        "2.2.2026;Matti Meikäläinen;5;;\r\n"
    ).encode()
    errors = read_hours_csv(content, association=association).errors
    assert errors[0].startswith("Rivi 2: päivämäärä ”31.2.2026” ei ole päivämäärä")
    assert "Rivi 3: henkilöllä Maija Mallikas ei ole yhdistyksen työsopimusta" in errors[1]
    assert "Rivi 4: käytä varttitunteja" in errors[2]
    assert "Rivi 5: työntekijällä on jo tunteja" in errors[3]
    assert "Rivi 6: tehtävää ”Lumityöt” ei tunneta" in errors[4]
    assert "Rivi 8: sama työntekijä, päivä ja tehtävä on myös aiemmalla rivillä" in errors[5]
    assert "Rivi 9: kuukausi on lukittu" in errors[6]
    assert len(errors) == 7


def test_dry_run_saves_nothing_then_import_saves_all_once(client, staff, association, matti):
    client.force_login(staff)
    url = reverse("services:import")
    text = HEADER + "2.3.2026;Matti Meikäläinen;7,5;;\r\n3.3.2026;Matti Meikäläinen;6;;\r\n"
    response = client.post(url, {"yhdistys": association.pk, "file": upload(text)})
    page = response.content.decode()
    assert "2 riviä on valmiina tuotavaksi" in page
    assert not WorkEntry.objects.exists()
    token = response.context["token"]
    done = client.post(url, {"yhdistys": association.pk, "action": "import", "token": token})
    assert done.status_code == 302
    assert WorkEntry.objects.count() == 2
    assert WeekSheet.objects.get().version == 2
    again = client.post(url, {"yhdistys": association.pk, "action": "import", "token": token})
    assert again.status_code == 302 and WorkEntry.objects.count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).count() == 2


def test_a_file_with_one_bad_row_imports_nothing(client, staff, association, matti):
    client.force_login(staff)
    text = HEADER + "2.3.2026;Matti Meikäläinen;7,5;;\r\n3.3.2026;Matti Meikäläinen;x;;\r\n"
    response = client.post(
        reverse("services:import"), {"yhdistys": association.pk, "file": upload(text)}
    )
    page = response.content.decode()
    assert "1 rivillä on virhe. Mitään ei tuotu." in page
    assert "Rivi 3: kirjoita tunnit numerona" in page
    assert "Tuo rivit" not in page
    assert not WorkEntry.objects.exists()


def test_upload_that_is_not_a_csv_is_refused(client, staff, association):
    client.force_login(staff)
    response = client.post(
        reverse("services:import"),
        {"yhdistys": association.pk, "file": upload("x", name="tunnit.pdf")},
    )
    assert response.status_code == 200
    assert "Sallitut tiedostotyypit" in response.content.decode()
