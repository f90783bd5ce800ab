import logging

import pytest
from django.db import transaction

from ryhma.models import User
from ryhma.transactions import after_commit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failing_after_commit_step_keeps_the_save_and_the_steps_after_it(caplog):
    ran = []

    def lost_connection():
        raise ConnectionError("Redis went away at COMMIT")

    with caplog.at_level(logging.ERROR, logger="ryhma.transactions"):
        with transaction.atomic():
            User.objects.create_user(username="tallennettu", password="x" * 12)
            after_commit(lost_connection, name="send the cache a note")
            after_commit(lambda: ran.append("report sent"), name="send report job 7")
    assert User.objects.filter(username="tallennettu").exists()
    assert ran == ["report sent"]
    # The log names the step that failed (a bare partial would not have a name).
    assert "'send the cache a note' failed" in caplog.text
    assert "Redis went away at COMMIT" in caplog.text


def test_after_commit_steps_of_a_rolled_back_transaction_never_run():
    ran = []
    with pytest.raises(RuntimeError), transaction.atomic():
        after_commit(lambda: ran.append(1), name="never")
        raise RuntimeError("the save failed")
    assert ran == []
