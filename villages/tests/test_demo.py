import pytest

from ryhma.demo import seed_all
from villages import selectors
from villages.models import (
    ChecklistItem,
    DevelopmentAction,
    Feedback,
    FundingSource,
    MappingAnswer,
    Partner,
    ProcessStep,
    Programme,
    RaciAssignment,
    ServiceNeed,
    ServiceOffering,
    UnemploymentFigure,
)

pytestmark = pytest.mark.django_db

PHASE_MODELS = [
    ChecklistItem,
    UnemploymentFigure,
    ServiceNeed,
    FundingSource,
    MappingAnswer,
    ServiceOffering,
    Partner,
    ProcessStep,
    RaciAssignment,
    Feedback,
    DevelopmentAction,
]


def test_demo_has_data_for_every_phase_and_is_idempotent(seeded_demo):
    counts = {model: model.objects.count() for model in PHASE_MODELS}
    assert all(counts.values()), counts
    seed_all()
    assert {model: model.objects.count() for model in PHASE_MODELS} == counts


def test_demo_board_shows_progress_and_gaps(seeded_demo):
    board = selectors.programme_board(Programme.objects.get(slug="pudasjarvi"))
    by_number = {card.number: card for card in board.cards}
    assert by_number[1].completion.is_complete
    assert not by_number[3].completion.is_complete
    assert by_number[6].completion.done >= 3
    livokas = next(r for r in board.matrix if r.association.name == "Livokas ry")
    assert livokas.cells[0].completion.is_complete
