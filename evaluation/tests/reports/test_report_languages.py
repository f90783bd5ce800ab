"""The demo's programme report in Swedish and in English holds no Finnish word, except the
names of places and associations and what users typed (kept as typed).

Finnish words are known from the application's own Finnish: every Finnish translation
in its catalogues (Django's included) and the Finnish texts of the rows it ships. A word
that Swedish or English also use (SROI, TyEL, Kela...) is not counted as Finnish.
"""

import io
import re

import pypdf
import pytest
from django.utils import timezone, translation
from django.utils.translation import trans_real

from evaluation.demo import INSTRUMENTS, PROXIES
from evaluation.models import ReportKind
from evaluation.reports import render
from evaluation.reports.figures import Scope
from evaluation.reports.periods import year_period
from villages.models import (
    Association,
    DevelopmentAction,
    Municipality,
    Partner,
    Programme,
    Village,
)
from villages.phases import DEFAULT_CHECKLISTS
from workers.parameters import SHIPPED_SOURCES

WORD = re.compile(r"[^\W\d_]{4,}")


def words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(str(text))}


def catalogue_texts(language: str) -> tuple[list[str], list[str]]:
    """(msgids, translations) of the merged catalogue of `language`."""
    catalogue = trans_real.translation(language)._catalog  # type: ignore[attr-defined]  # gettext's merged catalogue
    msgids, texts = [], []
    for key, value in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:
            msgids.append(msgid.split("\x04")[-1])
            texts.append(value)
    return msgids, texts


def finnish_words() -> set[str]:
    _ids, finnish = catalogue_texts("fi")
    shipped = list(SHIPPED_SOURCES)
    for _code, name, _names, _scale, labels, *_rest, items in INSTRUMENTS:
        shipped += [name, *(fi for fi, _sv, _en in labels), *(fi for fi, _sv, _en in items)]
    shipped += [names[0] for names, *_rest in PROXIES]
    with translation.override("fi"):
        shipped += [str(text) for texts in DEFAULT_CHECKLISTS.values() for text in texts]
    found = set().union(*(words(text) for text in [*finnish, *shipped]))
    elsewhere = set()
    for language in ("sv", "en"):
        msgids, texts = catalogue_texts(language)
        elsewhere |= set().union(*(words(text) for text in [*msgids, *texts]))
    return found - elsewhere


def names_and_typed_words() -> set[str]:
    """Names of places and associations, and texts users typed (here the demo's)."""
    texts = [
        *Municipality.objects.values_list("name", flat=True),
        *Village.objects.values_list("name", flat=True),
        *Association.objects.values_list("name", flat=True),
        *Partner.objects.values_list("name", flat=True),
        *Programme.objects.values_list("name", flat=True),
        *DevelopmentAction.objects.values_list("title", flat=True),
    ]
    return set().union(*(words(text) for text in texts))


def report_words(scope: Scope, language: str) -> set[str]:
    pdf, _pages = render.render_pdf(scope, language)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return set().union(*(words(page.extract_text()) for page in reader.pages))


@pytest.mark.django_db
def test_swedish_and_english_reports_hold_no_finnish_words(demo_seed):
    programme = Programme.objects.get(slug="pudasjarvi")
    scope = Scope(
        kind=ReportKind.PROGRAMME,
        programme=programme,
        period=year_period(timezone.localdate().year),
    )
    finnish = finnish_words()
    allowed = names_and_typed_words()
    assert {"tunti", "tuntia", "elämäntilanne", "lumityöt", "oletus"} <= finnish
    in_finnish = report_words(scope, "fi")
    assert in_finnish & finnish, "the Finnish report is recognised as Finnish"
    for language in ("sv", "en"):
        found = (report_words(scope, language) & finnish) - allowed
        assert not found, f"Finnish words in the {language} report: {sorted(found)}"
