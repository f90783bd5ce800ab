from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from villages.imports import parse_unemployment_csv
from villages.models import UnemploymentFigure
from villages.tests.factories import UnemploymentFigureFactory, VillageFactory

GOOD = "kylä;vuosi;työnhakijat;pitkäaikaistyöttömät\nLivo;2025;18;10\nKipinä;2025;21;\n"


def _upload(text: str, name="tyottomat.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_dry_run_shows_rows_and_saves_nothing(client, coordinator, programme, association):
    VillageFactory(municipality=programme.municipality, name="Kipinä")
    client.force_login(coordinator)
    response = client.post(
        reverse("villages:import", args=[programme.slug]), {"file": _upload(GOOD)}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tallenna 2 riviä" in text and "Kipinä" in text
    assert not UnemploymentFigure.objects.exists()


def test_confirmed_import_saves_every_row_and_replaces_old_figures(
    client, coordinator, programme, association
):
    VillageFactory(municipality=programme.municipality, name="Kipinä")
    old = UnemploymentFigureFactory(programme=programme, village=association.village, year=2025)
    client.force_login(coordinator)
    response = client.post(
        reverse("villages:import", args=[programme.slug]), {"confirm": "1", "csv_text": GOOD}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.job_seekers == 18 and old.long_term_unemployed == 10
    assert UnemploymentFigure.objects.filter(programme=programme).count() == 2


def test_errors_name_the_row_and_column_in_finnish_and_nothing_is_saved(
    client, coordinator, programme, association
):
    bad = (
        "kylä;vuosi;työnhakijat;pitkäaikaistyöttömät\n"
        "Livo;2025;18;10\n"
        "Tuntematon;2025;5;\n"
        "Livo;20x5;7;\n"
        "Livo;2024;7;9\n"
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("villages:import", args=[programme.slug]), {"confirm": "1", "csv_text": bad}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Rivi 3, sarake ”kylä”: kuntaan Pudasjärvi ei kuulu kylää ”Tuntematon”" in text
    assert "Rivi 4, sarake ”vuosi”: ”20x5” ei ole kokonaisluku." in text
    assert "Rivi 5, sarake ”pitkäaikaistyöttömät”: 9 on enemmän kuin kaikki työnhakijat" in text
    assert "Tallenna" not in text.split("Tarkista tiedosto")[0].split("Luetut rivit")[-1]
    assert not UnemploymentFigure.objects.exists()


def test_missing_columns_are_explained_and_excel_encoding_is_read(
    client, coordinator, programme, association
):
    result = parse_unemployment_csv("nimi;määrä\nLivo;3\n", programme)
    assert "Puuttuu: vuosi, työnhakijat, kylä" in result.errors[0]
    client.force_login(coordinator)
    excel = "kylä;vuosi;työnhakijat\nÄänekoski;2025;3\n".encode("cp1252")
    response = client.post(
        reverse("villages:import", args=[programme.slug]),
        {"file": SimpleUploadedFile("x.csv", excel)},
    )
    assert response.status_code == 400
    assert "ei kuulu kylää ”Äänekoski”" in response.content.decode()


def test_a_file_that_is_not_csv_is_refused_by_the_upload_check(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("villages:import", args=[programme.slug]),
        {"file": SimpleUploadedFile("luvut.pdf", b"%PDF-1.4 ...")},
    )
    assert response.status_code == 200
    assert "Sallitut tiedostotyypit" in response.content.decode()


def test_comma_separated_file_with_an_area_and_repeated_rows(programme, association):
    text = "alue,vuosi,työnhakijat\nKurenalus,2025,40\nKurenalus,2025,41\n"
    result = parse_unemployment_csv(text, programme)
    assert [r.area for r in result.rows] == ["Kurenalus"]
    assert "Rivi 3 toistaa riviä 2" in result.errors[0]


def test_a_file_csv_cannot_read_is_refused_with_a_message(client, coordinator, programme):
    client.force_login(coordinator)
    broken = "kylä;vuosi;työnhakijat;pitkäaikaistyöttömät\nLi\rvo;2025;18;10\n"
    response = client.post(
        reverse("villages:import", args=[programme.slug]), {"file": _upload(broken)}
    )
    assert response.status_code == 400
    assert "Tiedostoa ei voitu lukea CSV-muodossa" in response.content.decode()
    assert not UnemploymentFigure.objects.exists()


def test_a_row_without_village_or_area_names_the_row_and_column(programme, association):
    result = parse_unemployment_csv("kylä;vuosi;työnhakijat\nLivo;2025;4\n;2025;5\n", programme)
    assert result.errors == ["Rivi 3, sarake ”kylä” on tyhjä: kirjoita kylän tai alueen nimi."]


def test_superscript_and_other_digit_lookalikes_are_not_whole_numbers(programme, association):
    """'¹'.isdigit() is true but int('¹') fails: such a year is a row error, not a crash."""
    result = parse_unemployment_csv("kylä;vuosi;työnhakijat\nLivo;¹;4\nLivo;2025;²\n", programme)
    assert result.errors == [
        "Rivi 2, sarake ”vuosi”: ”¹” ei ole kokonaisluku.",
        "Rivi 3, sarake ”työnhakijat”: ”²” ei ole kokonaisluku.",
    ]
