import copy

import pytest
from django.urls import reverse

from ryhma import panels
from ryhma.models import Role


@pytest.fixture
def demo_panel(tmp_path, settings):
    (tmp_path / "_panel.html").write_text("<section><h2>Päättyvät tuet</h2>{{ n }}</section>")
    # Assigned, not mutated in place: only an assignment makes Django rebuild its template
    # engines, which an earlier test in the same process may already have built.
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    panels.register(
        "test.ending", template="_panel.html", context=lambda r: {"n": 3}, roles={Role.COORDINATOR}
    )
    yield
    panels._registry.pop("test.ending")


def test_panel_appears_on_the_coordinators_programme_page(
    client, coordinator, programme, demo_panel
):
    client.force_login(coordinator)
    text = client.get(reverse("villages:programme_detail", args=[programme.slug])).content.decode()
    assert "Päättyvät tuet" in text


def test_panel_is_not_shown_to_other_roles(client, staff, demo_panel):
    client.force_login(staff)
    assert "Päättyvät tuet" not in client.get(reverse("services:week")).content.decode()
