"""In the browser, with the keyboard only: village staff fill in the week's crew grid with
Tab, Shift+Tab, the arrow keys, typing and Enter, and save it. No clicks, no filling by
selector: the test only reads what has focus."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import browser_login
from services.hours.weeks import DAY, monday_of, week_code
from services.models import WorkEntry
from workers.tests.factories import EmploymentFactory, WorkerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What has focus, its accessible name and whether a focus ring of at least 2 px shows.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    cls: el.className || "",
    label: el.getAttribute("aria-label") || el.textContent.trim(),
    value: el.value === undefined ? null : el.value,
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_until(page, predicate, *, key="Tab", limit=80) -> dict:
    """Presses `key` until the focused element satisfies `predicate`; each stop shows a ring."""
    for _press in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if now["tag"] != "body":
            assert now["ring"], f"no visible focus ring on {now}"
        if predicate(now):
            return now
    raise AssertionError(f"{key} did not reach the element in {limit} presses")


def is_hours_cell(now: dict) -> bool:
    return "hours-input" in now["cls"]


def test_staff_fill_the_week_grid_with_the_keyboard_only(page, staff, association):
    today = timezone.localdate()
    employments = [
        EmploymentFactory(
            worker=WorkerFactory(
                municipality=association.village.municipality, first_name=first, last_name=last
            ),
            association=association,
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=60),
        )
        for first, last in (("Aino", "Aaltonen"), ("Eetu", "Testaaja"))
    ]
    aino, eetu = employments
    monday = monday_of(today) + DAY * 7

    browser_login(page, "kyla", "salasana-testi-123")
    page.goto(f"{page.base_url}/palvelut/viikko/?vko={week_code(monday)}")

    # The skip link is the first stop; Enter on it moves on to the main content.
    first = tab_until(page, lambda now: True, limit=1)
    assert first["label"] == "Siirry pääsisältöön"
    page.keyboard.press("Enter")

    cell = tab_until(page, is_hours_cell)
    # Each cell tells a screen reader whose hours, which task and which day it takes.
    assert cell["label"].startswith("Aino Aaltonen, Yleinen kylätyö, maanantai")
    page.keyboard.type("7,5")
    page.keyboard.press("Tab")
    cell = focused(page)
    assert cell["label"].startswith("Aino Aaltonen, Yleinen kylätyö, tiistai")
    assert cell["ring"]
    page.keyboard.type("6")

    # Down to the same day on the next worker's row, then back one day with Shift+Tab.
    page.keyboard.press("ArrowDown")
    cell = focused(page)
    assert cell["label"].startswith("Eetu Testaaja, Yleinen kylätyö, tiistai")
    page.keyboard.type("4,25")
    page.keyboard.press("Shift+Tab")
    cell = focused(page)
    assert cell["label"].startswith("Eetu Testaaja, Yleinen kylätyö, maanantai")
    page.keyboard.type("3")
    # Up again: Aino's Monday still holds what was typed; a typo is corrected in place.
    page.keyboard.press("ArrowUp")
    assert focused(page)["value"] == "7,5"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Backspace")
    page.keyboard.type("2")

    # The live totals follow the typing.
    assert page.locator("#week-grid .grand-total").inner_text() == "19,75\u00a0h"

    button = tab_until(page, lambda now: now["label"] == "Tallenna viikko")
    assert button["tag"] == "button"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "Viikon tunnit tallennettiin." in page.content()
    values = page.locator("#week-grid .hours-input").evaluate_all(
        "inputs => inputs.map(i => [i.getAttribute('aria-label').split(',')[0], i.value])"
    )
    filled = [pair for pair in values if pair[1]]
    assert filled == [
        ["Aino Aaltonen", "7,5"],
        ["Aino Aaltonen", "6"],
        ["Eetu Testaaja", "2"],
        ["Eetu Testaaja", "4,25"],
    ]
    assert page.locator("#week-grid .grand-total").inner_text() == "19,75\u00a0h"

    saved = {
        (entry.employment_id, entry.work_date): entry.hours
        for entry in WorkEntry.objects.filter(employment__in=employments)
    }
    assert saved == {
        (aino.pk, monday): Decimal("7.50"),
        (aino.pk, monday + DAY): Decimal("6.00"),
        (eetu.pk, monday): Decimal("2.00"),
        (eetu.pk, monday + DAY): Decimal("4.25"),
    }
