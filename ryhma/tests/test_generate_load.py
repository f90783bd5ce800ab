"""generate_load refuses databases with real data, a second run and production settings."""

import io

import pytest
from django.core.management import CommandError, call_command

from villages.models import Municipality
from villages.tests.factories import MunicipalityFactory
from workers.models import Worker


@pytest.fixture
def development(settings):
    settings.DEBUG = True
    return settings


def test_refuses_a_database_with_real_data_unless_told(db, development):
    MunicipalityFactory(name="Pudasjärvi")
    with pytest.raises(CommandError, match="already holds data.*Pudasjärvi"):
        call_command("generate_load", scale="tiny", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Worker.objects.exists()
    call_command(
        "generate_load",
        scale="tiny",
        allow_existing_data=True,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert Municipality.objects.filter(name="Pudasjärvi").exists()
    assert Worker.objects.count() == 16


def test_refuses_a_second_run_into_the_same_database(db, development):
    call_command("generate_load", scale="tiny", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="earlier run"):
        call_command("generate_load", scale="tiny", stdout=io.StringIO(), stderr=io.StringIO())


def test_refuses_a_production_configuration(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="RYHMA_DEBUG=1"):
        call_command("generate_load", scale="tiny", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Municipality.objects.exists()
