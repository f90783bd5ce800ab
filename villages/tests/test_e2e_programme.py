"""The coordinator runs the programme from its phase board in a real browser."""

import re

import pytest

from conftest import browser_login
from villages.models import ChecklistItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _done_of(text: str) -> tuple[int, int]:
    """The board row's "done/all" figure, e.g. "3/5" -> (3, 5)."""
    match = re.search(r"(\d+)/(\d+)", text)
    assert match is not None, text
    done, total = match.groups()
    return int(done), int(total)


def test_coordinator_ticks_a_checklist_item_adds_a_partner_and_sees_the_board_change(
    page, demo_seed
):
    browser_login(page, "koordinaattori", "ryhmademo")
    assert (
        "Pudasjärven kylien ryhmätyöllistäminen"
        in page.get_by_role("heading", level=1).inner_text()
    )
    row = page.locator("#board-phase-7")
    assert "Mittarit ja tavoitteet valittu" in row.inner_text()
    done_before, total = _done_of(row.inner_text())
    assert done_before < total

    card = page.locator("#phase-7")
    card.get_by_label("Mittarit ja tavoitteet valittu").check()
    with page.expect_navigation(), page.expect_request(lambda r: r.method == "POST") as posted:
        card.get_by_role("button", name="Tallenna tarkistuslista").click()
    item = ChecklistItem.objects.get(phase__number=7, text="Mittarit ja tavoitteet valittu")
    assert item.done, f"POST {posted.value.url} sent {posted.value.post_data!r}; item {item.pk}"
    assert "Tarkistuslista tallennettu." in page.content()
    assert _done_of(page.locator("#board-phase-7").inner_text()) == (done_before + 1, total)
    assert "Mittarit ja tavoitteet valittu" not in page.locator("#board-phase-7").inner_text()

    assert "Kumppaneista puuttuu: Työterveyshuolto" in page.locator("#board-phase-5").inner_text()
    done_before = page.locator("#board-phase-5 progress").get_attribute("value")

    page.get_by_role("link", name="Kumppanit").first.click()
    page.get_by_role("link", name="Lisää kumppani").click()
    page.get_by_label("Laji").select_option(label="Työterveyshuolto")
    page.get_by_label("Nimi").fill("Työterveys Pohjola")
    page.get_by_label("Rooli prosessissa").fill("Työterveyshuolto ja työkyvyn arviot")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna").click()
    assert "Tallennettu." in page.content()
    assert "Työterveys Pohjola" in page.content()

    page.get_by_role("link", name="Kylien ryhmätyöllistäminen", exact=False).first.click()
    board_row = page.locator("#board-phase-5").inner_text()
    assert "Kumppaneista puuttuu" not in board_row
    done_after = page.locator("#board-phase-5 progress").get_attribute("value")
    assert int(done_after) == int(done_before) + 1
