"""axe-core on every main page, for each role: no serious or critical WCAG violations."""

import pytest

from conftest import accessibility_violations, assert_accessible, browser_login
from ryhma.models import AuditAction

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = {
    "koordinaattori": [
        "/",
        "/ohjelma/kaikki/",
        "/arviointi/",
        "/tapahtumaloki/",
        "/salasana/vaihda/",
        "/ei-ole-olemassa/",
    ],
    "kyla": ["/", "/salasana/vaihda/"],
    "virkailija": ["/", "/ohjelma/kaikki/"],
}


@pytest.mark.parametrize("username", list(PAGES))
def test_main_pages_of_each_role_have_no_serious_accessibility_problems(page, username, demo_seed):
    _audit_something(username)
    browser_login(page, username, "ryhmademo")
    for path in PAGES[username]:
        page.goto(page.base_url + path)
        assert_accessible(page)


def test_worker_pages_have_no_serious_accessibility_problems(page, worker_user):
    browser_login(page, worker_user.username, "salasana-testi-123")
    for path in ("/", "/salasana/vaihda/"):
        page.goto(page.base_url + path)
        assert_accessible(page)


def test_pages_before_login_have_no_serious_accessibility_problems(page):
    for path in ("/kirjaudu/", "/salasana/unohtui/", "/salasana/uusi/MQ/abc-123/"):
        page.goto(page.base_url + path)
        assert_accessible(page)


def test_axe_finds_a_problem_when_there_is_one(page):
    page.goto(page.base_url + "/kirjaudu/")
    page.evaluate("() => document.querySelector('label').remove()")
    found = accessibility_violations(page, impacts=("serious", "critical"))
    assert "label" in {v["id"] for v in found}


def _audit_something(username):
    """One event in the trail, so the audit page shows its table."""
    from ryhma import audit
    from ryhma.models import User

    user = User.objects.get(username=username)
    membership = getattr(user, "membership", None)
    if membership is not None:
        audit.record(
            actor=user,
            action=AuditAction.UPDATE,
            instance=membership.municipality,
            changes={"population": [8000, 7900]},
            municipality_id=membership.municipality_id,
        )


def test_staff_start_page_on_a_phone_has_no_serious_accessibility_problems(phone_page, demo_seed):
    browser_login(phone_page, "kyla", "ryhmademo")
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Näytä tai piilota valikko").click()
    phone_page.get_by_role("link", name="Työtunnit").wait_for()
    assert_accessible(phone_page)
