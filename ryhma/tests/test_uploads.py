import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ryhma.uploads import UnreadableCsv, UploadValidator, csv_rows, decode_csv


def _error(validator, name, content):
    with pytest.raises(ValidationError) as caught:
        validator(SimpleUploadedFile(name, content))
    return caught.value.messages[0]


def test_csv_and_xlsx_with_matching_content_are_accepted():
    validator = UploadValidator(kinds=("csv", "xlsx"))
    validator(SimpleUploadedFile("tunnit.csv", "Nimi;Tunnit\nÄijä;7,5\n".encode()))
    validator(SimpleUploadedFile("tunnit.CSV", "Nimi;Tunnit\nÄijä;7,5\n".encode("cp1252")))
    validator(SimpleUploadedFile("tunnit.xlsx", b"PK\x03\x04" + b"\x00" * 100))


def test_too_large_file_is_refused_with_the_limit(settings):
    message = _error(UploadValidator(max_bytes=1024), "a.csv", b"x" * 2048)
    assert "2,0\xa0KB" in message and "1,0\xa0KB" in message
    assert "pienempi" in message


def test_wrong_extension_is_refused_naming_the_allowed_types():
    message = _error(UploadValidator(kinds=("csv",)), "ohjelma.exe", b"MZ\x90\x00")
    assert "Sallitut tiedostotyypit: .csv, .txt" in message


def test_content_that_does_not_match_the_name_is_refused():
    message = _error(UploadValidator(kinds=("xlsx",)), "tunnit.xlsx", b"Nimi;Tunnit\n")
    assert "tunnit.xlsx" in message
    assert _error(UploadValidator(kinds=("csv",)), "x.csv", b"\x00\x01\x02binary")


def test_empty_file_is_refused():
    assert "tyhjä" in _error(UploadValidator(), "a.csv", b"")


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        UploadValidator(kinds=("exe",))


def test_csv_rows_reads_every_row_and_names_a_file_that_is_not_plain_csv():
    assert csv_rows('a;"b;c"\n1;2\n', delimiter=";") == [["a", "b;c"], ["1", "2"]]
    with pytest.raises(UnreadableCsv, match="Tallenna se muodossa ”CSV UTF-8”"):
        csv_rows("a;b\nLi\rvo;2\n", delimiter=";")


def test_decode_csv_reads_utf_8_with_or_without_bom_and_windows_1252():
    text = "kylä;vuosi\nÄänekoski;2025\n"
    assert decode_csv(text.encode("utf-8")) == text
    assert decode_csv(text.encode("utf-8-sig")) == text
    assert decode_csv(text.encode("cp1252")) == text


def test_decode_csv_refuses_other_encodings_saying_how_to_save_the_file():
    unicode_text = "kylä;vuosi\n".encode("utf-16")
    with pytest.raises(UnreadableCsv, match="Tallenna nimellä → ”CSV UTF-8"):
        decode_csv(unicode_text)
    with translation.override("sv"), pytest.raises(UnreadableCsv, match="Spara som"):
        decode_csv(unicode_text)
    with translation.override("en"), pytest.raises(UnreadableCsv, match="Save as"):
        decode_csv(b"a;b\n\x81\x8d\n")
