"""The installable app: manifest, service worker and the page for an address not kept."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from ryhma import offline

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_uncached_and_names_the_release(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    body = response.content.decode()
    assert f'var RELEASE = "{offline.release()}";' in body
    assert 'importScripts("/static/js/offline-store.js");' in body
    assert "/palvelut/viikko/laitteelle/" in body
    # Nothing from another host: every kept file is ours.
    assert "http" not in body.replace("https://", "").split("var RELEASE")[1]
    assert client.post("/sw.js").status_code == 405


def test_a_new_release_is_a_new_service_worker(client, settings):
    settings.RYHMA_RELEASE = "2026-12-07-a"
    offline.release.cache_clear()
    try:
        first = client.get("/sw.js").content
        settings.RYHMA_RELEASE = "2026-12-07-b"
        offline.release.cache_clear()
        second = client.get("/sw.js").content
    finally:
        offline.release.cache_clear()
    assert b'"ryhma-" + RELEASE' in first
    assert b'var RELEASE = "2026-12-07-a";' in first
    assert b'var RELEASE = "2026-12-07-b";' in second


def test_the_manifest_has_a_finnish_name_and_our_own_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["lang"] == "fi"
    assert manifest["short_name"] == "Ryhmä"
    assert manifest["name"] == "Ryhmä – kylätyön tunnit"
    assert manifest["start_url"] == reverse("services:week")
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert icon["src"].startswith("/static/icons/")
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_offline_page_names_no_one(client, staff):
    client.force_login(staff)
    text = client.get("/ei-yhteytta/").content.decode()
    assert "Ei yhteyttä – tallennetaan kun yhteys palaa" in text
    assert "kyla" not in text and 'name="ryhma-user"' not in text


def test_every_page_says_whose_it_is_and_links_the_manifest(client, staff):
    login = client.get(reverse("login")).content.decode()
    assert '<meta name="ryhma-user" content="">' in login
    assert '<link rel="manifest" href="/manifest.webmanifest">' in login
    client.force_login(staff)
    page = client.get(reverse("services:week")).content.decode()
    assert f'<meta name="ryhma-user" content="{staff.pk}">' in page
    assert f'<meta name="ryhma-release" content="{offline.release()}">' in page
    assert 'id="offline-banner"' in page
    # The banner's texts in Finnish, with the places offline.js fills in.
    assert 'data-waiting="Lähetystä odottavia muutoksia: %(count)s."' in page
    assert 'data-copy="Sivu on laitteelle tallennettu kopio ajalta %(time)s."' in page
