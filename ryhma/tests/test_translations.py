import polib
import pytest

from ryhma.management.commands.compile_catalogues import catalogue_paths


def _catalogues(language):
    paths = [p for p in catalogue_paths() if p.parts[-3] == language]
    assert paths, f"no catalogue for {language}"
    return paths


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_string_is_translated_and_none_is_fuzzy(language):
    problems = []
    for path in _catalogues(language):
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{path}: fuzzy {entry.msgid!r}")
            translated = (
                all(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
            )
            if not translated:
                problems.append(f"{path}: untranslated {entry.msgid!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_compiled_catalogues_match_their_sources(language):
    """The committed .mo files are what `make messages` compiles from the .po files."""
    for path in _catalogues(language):
        mo_path = path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} is missing: run make messages"
        source = {
            (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
            for e in polib.pofile(str(path))
            if not e.obsolete
            and "fuzzy" not in e.flags
            and (e.msgstr or any(e.msgstr_plural.values()))
        }
        compiled = {
            (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
            for e in polib.mofile(str(mo_path))
            if e.msgid
        }
        assert source == compiled, f"{mo_path} is out of date: run make messages"
