"""Kept pages (ryhma.pagecache): served again only while the data under them is unchanged."""

import re

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from ryhma import pagecache
from villages.models import Programme
from workers.tests.factories import WorkerFactory

KEPT = "X-Ryhma-Page"


@pytest.fixture
def page_cache(settings):
    settings.RYHMA_PAGE_CACHE = True


def warm(client, url):
    """Render the page twice: a first visit may create defaults (the programme's phases)."""
    client.get(url)
    client.get(url)


def programme_url(programme):
    return reverse("villages:programme_detail", args=[programme.slug])


def test_a_page_is_served_again_until_its_data_changes(client, coordinator, programme, page_cache):
    client.force_login(coordinator)
    first = client.get(programme_url(programme))
    client.get(programme_url(programme))
    again = client.get(programme_url(programme))
    assert first.status_code == again.status_code == 200
    assert KEPT not in first and again[KEPT] == "kept"
    assert "Kylätyö" in again.content.decode()

    Programme.objects.filter(pk=programme.pk).update(name="Kylätyö 2027")
    changed = client.get(programme_url(programme))
    assert KEPT not in changed
    assert "Kylätyö 2027" in changed.content.decode()


def test_a_new_worker_shows_at_once_on_the_kept_list(client, coordinator, municipality, page_cache):
    client.force_login(coordinator)
    url = reverse("workers:list")
    warm(client, url)
    assert client.get(url)[KEPT] == "kept"
    WorkerFactory(municipality=municipality, first_name="Väinö", last_name="Uusimaa")
    text = client.get(url).content.decode()
    assert "Uusimaa" in text


def test_a_write_in_another_municipality_keeps_our_pages(
    client, coordinator, programme, other_municipality, page_cache
):
    someone_else = pagecache_user(other_municipality)
    client.force_login(coordinator)
    warm(client, programme_url(programme))
    request = RequestFactory().get("/")
    request.user = someone_else
    token = pagecache._request.set(request)
    try:
        WorkerFactory(municipality=other_municipality)
    finally:
        pagecache._request.reset(token)
    assert client.get(programme_url(programme))[KEPT] == "kept"


def pagecache_user(municipality):
    from ryhma.models import Role
    from villages.tests.factories import make_user

    return make_user("toinen", Role.COORDINATOR, municipality)


def test_writes_outside_a_request_and_to_shared_tables_move_every_page(municipality):
    ours = pagecache.generations(municipality.pk)
    WorkerFactory(municipality=municipality)  # no request: a command, a task, a test
    after_plain_write = pagecache.generations(municipality.pk)
    assert after_plain_write[0] != ours[0]

    request = RequestFactory().get("/")
    request.user = pagecache_user(municipality)
    token = pagecache._request.set(request)
    try:
        before = pagecache.generations(municipality.pk)
        WorkerFactory(municipality=municipality)
        own = pagecache.generations(municipality.pk)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE workers_parameterset SET id = id")
        shared = pagecache.generations(municipality.pk)
    finally:
        pagecache._request.reset(token)
    assert own[0] == before[0] and own[1] != before[1]  # only our municipality
    assert shared[0] != own[0]  # a shared table: everyone's


def test_session_and_login_timestamps_move_nothing(municipality, coordinator):
    before = pagecache.generations(municipality.pk)
    Client().force_login(coordinator)  # writes the session row and last_login
    assert pagecache.generations(municipality.pk) == before


@pytest.mark.django_db(transaction=True)
def test_a_committed_transaction_moves_the_generation_once_more(municipality):
    moves = []
    original = pagecache.bump
    pagecache.bump = lambda scope: (moves.append(scope), original(scope))
    try:
        with transaction.atomic():
            WorkerFactory(municipality=municipality)
            WorkerFactory(municipality=municipality)
            during = list(moves)
        after = list(moves)
    finally:
        pagecache.bump = original
    # At each write (a reader in this transaction sees it), once more at commit (a reader
    # elsewhere that read the moved generation before the commit is not kept).
    assert during == [pagecache.GLOBAL, pagecache.GLOBAL]
    assert after == [pagecache.GLOBAL] * 3


def test_a_rolled_back_savepoint_does_not_forget_the_next_write(municipality):
    with transaction.atomic():
        try:
            with transaction.atomic():
                WorkerFactory(municipality=municipality)
                raise ValueError
        except ValueError:
            pass
        before = pagecache.generations(municipality.pk)
        WorkerFactory(municipality=municipality)
        assert pagecache.generations(municipality.pk) != before
        assert pagecache._scheduled(connection, pagecache.GLOBAL)


def test_an_outsider_still_gets_404_after_an_insider_kept_the_page(
    client, coordinator, outsider, programme, page_cache
):
    client.force_login(coordinator)
    warm(client, programme_url(programme))
    assert client.get(programme_url(programme))[KEPT] == "kept"
    other = Client()
    other.force_login(outsider)
    assert other.get(programme_url(programme)).status_code == 404


def test_each_user_gets_a_page_of_their_own(client, coordinator, staff, page_cache):
    client.force_login(coordinator)
    warm(client, reverse("workers:list"))
    theirs = Client()
    theirs.force_login(staff)
    page = theirs.get(reverse("workers:list"))
    assert KEPT not in page
    assert staff.get_full_name() in page.content.decode()


def test_a_kept_page_carries_a_working_csrf_token_and_a_new_nonce(
    coordinator, programme, page_cache
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    first = client.get(programme_url(programme))
    client.get(programme_url(programme))
    kept = client.get(programme_url(programme))
    assert kept[KEPT] == "kept"
    text = kept.content.decode()
    assert "ryhma-csrf" not in text and "ryhma-nonce" not in text
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', text).group(1)
    nonces = set(re.findall(r'nonce="([^"]+)"', text))
    if nonces:
        assert len(nonces) == 1
        nonce = nonces.pop()
        assert f"'nonce-{nonce}'" in kept["Content-Security-Policy"]
        assert nonce not in first.content.decode()
    # The logout form of the kept page works: the token is this session's.
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302


def test_single_use_form_tokens_are_new_on_every_kept_render(client, staff, page_cache):
    client.force_login(staff)
    url = reverse("services:week")
    tokens = []
    for _ in range(3):
        text = client.get(url).content.decode()
        tokens.append(re.search(r'name="token" value="(\w+)"', text).group(1))
    assert len(set(tokens)) == 3


def queue_message(client, text):
    """A message waiting in the browser's cookie, as after a redirect that said something."""
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(message_levels.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value


def test_a_page_with_a_message_is_neither_kept_nor_served_from_the_cache(
    client, coordinator, programme, page_cache
):
    client.force_login(coordinator)
    url = programme_url(programme)
    warm(client, url)
    queue_message(client, "Vaihe tallennettu.")
    shown = client.get(url)
    assert KEPT not in shown
    assert "Vaihe tallennettu." in shown.content.decode()
    after = client.get(url)
    assert after[KEPT] == "kept"
    assert "Vaihe tallennettu." not in after.content.decode()


def test_the_page_follows_the_chosen_language(client, coordinator, programme, page_cache):
    client.force_login(coordinator)
    url = programme_url(programme)
    assert '<html lang="fi">' in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "sv", "next": url})
    swedish = client.get(url)
    assert KEPT not in swedish
    assert '<html lang="sv">' in swedish.content.decode()


def test_superusers_pages_are_never_kept(client, db, page_cache):
    from ryhma.tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    client.get(reverse("villages:programme_list"))
    assert KEPT not in client.get(reverse("villages:programme_list"))


def test_switched_off_nothing_is_kept(client, coordinator, programme, settings):
    settings.RYHMA_PAGE_CACHE = False
    client.force_login(coordinator)
    warm(client, programme_url(programme))
    assert KEPT not in client.get(programme_url(programme))


def test_viewing_a_worker_moves_only_the_audit_trail_pages(
    client, coordinator, programme, municipality, page_cache
):
    worker = WorkerFactory(municipality=municipality, last_name="Katsottu")
    client.force_login(coordinator)
    trail = reverse("audit_log")
    warm(client, programme_url(programme))
    warm(client, trail)
    client.get(reverse("workers:detail", args=[worker.pk]))  # records a view event
    assert client.get(programme_url(programme))[KEPT] == "kept"
    shown = client.get(trail)
    assert KEPT not in shown
    assert "Katsottu" in shown.content.decode()
