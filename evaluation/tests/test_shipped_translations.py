"""Data the application ships (the default checklists, instruments, value proxies, the
parameters' sources and the demo's service catalogue) carries Finnish, Swedish and
English and shows in the reader's language; what users type stays as typed."""

import pytest
from django.utils import translation

from evaluation.models import Instrument, InstrumentItem, SroiProxy
from services.models import Service
from villages import actions as village_actions
from villages.models import ChecklistItem
from villages.tests.factories import ProgrammeFactory
from workers.models import MunicipalShareStep, ParameterValue
from workers.parameters import source_label

LANGUAGES = ("fi", "sv", "en")


def in_each_language(read) -> dict[str, str]:
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = str(read())
    return texts


def assert_three_languages(row, texts: dict[str, str]) -> None:
    """Three non-empty texts, each its own: a missing Swedish or English text falls back
    to the Finnish (or to the English msgid) and shows up as two equal texts."""
    assert all(texts.values()), f"{row!r} has an empty text: {texts}"
    assert len(set(texts.values())) == 3, (
        f"{type(row).__name__} {row.pk} lacks a translation: {texts}"
    )


@pytest.mark.django_db
def test_every_shipped_row_has_its_swedish_and_english_text(demo_seed):
    checked = 0
    for item in ChecklistItem.objects.all():
        assert_three_languages(item, in_each_language(lambda item=item: item.label))
        checked += 1
    for instrument in Instrument.objects.all():
        for field in ("name", "instructions", "low", "high", "licence"):
            assert_three_languages(
                instrument, in_each_language(lambda i=instrument, f=field: i.texts[f])
            )
        checked += 1
    for item in InstrumentItem.objects.all():
        assert_three_languages(item, in_each_language(lambda item=item: str(item)))
        checked += 1
    for proxy in SroiProxy.objects.all():
        assert_three_languages(proxy, in_each_language(lambda p=proxy: p.label))
        checked += 1
    for service in Service.objects.all():
        assert_three_languages(service, in_each_language(lambda s=service: str(s)))
        checked += 1
    for row in [*ParameterValue.objects.all(), *MunicipalShareStep.objects.all()]:
        assert_three_languages(row, in_each_language(lambda r=row: source_label(r.source)))
        checked += 1
    assert checked > 100  # the demo was seeded


@pytest.mark.django_db
def test_a_checklist_shows_its_defaults_in_the_readers_language_and_typed_text_as_typed(
    coordinator,
):
    programme = ProgrammeFactory()
    village_actions.ensure_programme_phases(programme=programme)
    first, second = programme.phases.get(number=1).checklist.order_by("position")[:2]
    with translation.override("sv"):
        assert first.label != first.text  # the text is kept in Finnish
    changes = [
        village_actions.ItemChange(
            item_id=first.pk,
            version=first.version,
            done_was=False,
            done=False,
            text_was=first.label,
            text="Tarve käyty läpi Pudasjärven TE-palveluiden kanssa",
        )
    ]
    village_actions.save_checklist(phase=first.phase, user=coordinator, changes=changes)
    first.refresh_from_db()
    second.refresh_from_db()
    assert in_each_language(lambda: first.label) == dict.fromkeys(
        LANGUAGES, "Tarve käyty läpi Pudasjärven TE-palveluiden kanssa"
    )
    assert len(set(in_each_language(lambda: second.label).values())) == 3


@pytest.mark.django_db
def test_an_unchanged_checklist_saved_in_swedish_keeps_its_default(coordinator):
    programme = ProgrammeFactory()
    village_actions.ensure_programme_phases(programme=programme)
    item = programme.phases.get(number=2).checklist.order_by("position").first()
    with translation.override("sv"):
        shown = item.label
    change = village_actions.ItemChange(
        item_id=item.pk, version=item.version, done_was=False, done=True, text_was=shown, text=shown
    )
    village_actions.save_checklist(phase=item.phase, user=coordinator, changes=[change])
    item.refresh_from_db()
    assert item.done and item.default_key
    assert len(set(in_each_language(lambda: item.label).values())) == 3
