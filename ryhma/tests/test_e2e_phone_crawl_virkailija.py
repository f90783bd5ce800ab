"""In the browser, on a 360 × 740 phone: every page the official (virkailija) reaches
from the home page fits the screen, and no link on them answers 404 (ryhma/tests/phone_crawl.py)."""

import pytest

from ryhma.tests.phone_crawl import assert_every_page_fits_a_phone_and_no_link_is_broken

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_every_page_virkailija_reaches_fits_a_phone_and_no_link_is_broken(phone_page, demo_seed):
    assert_every_page_fits_a_phone_and_no_link_is_broken(phone_page, "virkailija")
