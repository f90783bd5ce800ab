import pytest

from villages.actions import ensure_programme_phases


@pytest.fixture
def board_programme(programme):
    """The shared programme with its ten phases and default checklists."""
    ensure_programme_phases(programme=programme)
    return programme
