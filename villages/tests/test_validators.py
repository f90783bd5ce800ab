import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from villages.validators import business_id_check_digit, validate_business_id


@pytest.mark.parametrize("value", ["0737546-2", "1572860-0", "2617416-4"])
def test_real_business_ids_pass(value):
    validate_business_id(value)


def test_check_digit_follows_the_weights_7_9_10_5_8_4_2():
    # 0*7 + 7*9 + 3*10 + 7*5 + 5*8 + 4*4 + 6*2 = 196; 196 % 11 = 9; 11 - 9 = 2
    assert business_id_check_digit("0737546") == 2


def test_wrong_check_digit_names_the_expected_digit_in_finnish():
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        validate_business_id("0737546-3")
    message = error.value.messages[0]
    assert "tarkiste" in message.lower()
    assert "2" in message


def test_malformed_business_id_shows_the_expected_format():
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        validate_business_id("0737546")
    assert "1234567-1" in error.value.messages[0]
