from django.utils import translation

from evaluation.forms import DashboardFilterForm
from villages.tests.factories import ProgrammeFactory, VillageFactory


def test_dashboard_filters_offer_and_accept_only_the_users_own_programmes_and_villages(
    coordinator, programme, association, other_municipality
):
    foreign = ProgrammeFactory(municipality=other_municipality, slug="vieras")
    foreign_village = VillageFactory(municipality=other_municipality, name="Vieras kylä")
    data = {"programme": programme.slug, "year": "2026", "month_from": "1", "month_to": "12"}
    form = DashboardFilterForm({**data, "village": association.village.pk}, user=coordinator)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["programme"] == programme
    assert form.cleaned_data["village"] == association.village
    html = str(form)
    assert programme.name in html and association.village.name in html
    assert foreign.name not in html and foreign_village.name not in html
    with translation.override("fi"):
        for field, value in (("programme", foreign.slug), ("village", foreign_village.pk)):
            form = DashboardFilterForm({**data, field: value}, user=coordinator)
            assert not form.is_valid()
            assert "Valitse oikea vaihtoehto" in str(form.errors[field])
