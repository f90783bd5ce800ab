"""Hostile input for the forms and helpers of ryhma: never a 500, never a half-done login."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ryhma.exports import FORMULA_STARTS, finnish_csv, safe_cell
from ryhma.forms import LoginForm, TwoFactorCodeForm
from ryhma.uploads import UploadValidator

with_db = hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@with_db
@given(username=st.text(max_size=300), password=st.text(max_size=300))
def test_login_page_answers_any_input_without_an_error_or_a_login(client, db, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@with_db
@given(data=st.dictionaries(st.text(max_size=20), st.text(max_size=50), max_size=5))
def test_login_form_rejects_anything_but_a_real_account(rf, db, data):
    form = LoginForm(rf.post("/"), data=data)
    assert not form.is_valid()
    assert form.errors


@given(token=st.text(max_size=20))
def test_two_factor_code_form_accepts_only_six_digits(token):
    form = TwoFactorCodeForm(data={"token": token})
    compact = "".join(token.split())
    if form.is_valid():
        assert form.cleaned_data["token"] == compact
        assert compact.isascii() and compact.isdigit() and len(compact) == 6
    else:
        assert form.errors["token"] and all(form.errors["token"])


@with_db
@given(token=st.text(max_size=30))
def test_two_factor_page_answers_any_code_without_an_error(client, coordinator, token):
    client.force_login(coordinator)
    response = client.post(reverse("two_factor_setup"), {"token": token})
    assert response.status_code == 200


@given(name=st.text(max_size=40), content=st.binary(max_size=3000))
@example(name="/", content=b"a;b")
@example(name="..", content=b"a;b")
def test_upload_validator_accepts_or_refuses_with_a_message(name, content):
    validator = UploadValidator(kinds=("csv", "xlsx", "pdf"), max_bytes=2048)
    # Browsers send a base name; Django itself refuses "", "." and ".." before any validator.
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    try:
        validator(SimpleUploadedFile(base if base not in {"", ".", ".."} else "x", content))
    except ValidationError as error:
        assert error.messages and all(error.messages)
    else:
        assert 0 < len(content) <= 2048


@given(value=st.text())
def test_no_exported_text_starts_like_a_formula(value):
    cell = safe_cell(value)
    assert not cell.lstrip(" ").startswith(FORMULA_STARTS)
    assert cell.removeprefix("'") == value


@given(rows=st.lists(st.lists(st.text(max_size=30) | st.decimals(allow_nan=False, places=2))))
def test_finnish_csv_never_starts_a_cell_with_a_formula(rows):
    import csv
    import io

    text = finnish_csv(rows).lstrip("\ufeff")
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
        for cell in row:
            assert not cell.lstrip(" ").startswith(("=", "+", "@")), cell


@pytest.mark.parametrize("value", ["=1", "-1", "+1", "@1", "'", "'=1", "'70-luku"])
def test_formula_examples_are_neutralised(value):
    assert safe_cell(value) == "'" + value


@with_db
@given(old=st.text(max_size=80), new1=st.text(max_size=80), new2=st.text(max_size=80))
def test_password_change_answers_any_input_and_changes_nothing_on_refusal(
    client, coordinator, old, new1, new2
):
    client.force_login(coordinator)
    response = client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )
    coordinator.refresh_from_db()
    assert response.status_code == 200
    assert coordinator.check_password("salasana-testi-123")


@with_db
@given(email=st.text(max_size=120))
def test_password_reset_answers_any_email_without_an_error(client, db, email):
    from django.core.cache import cache

    cache.clear()  # the reset page's rate limit counts every example from one address
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code in (200, 302)
