from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_check_digit(first_seven: str) -> int | None:
    """The Y-tunnus check digit for seven digits, or None when no valid digit exists."""
    remainder = sum(int(d) * w for d, w in zip(first_seven, _BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def validate_business_id(value: str) -> None:
    """A Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit."""
    text = (value or "").strip()
    digits = text[:7] + text[8:]
    if len(text) != 9 or text[7] != "-" or not (digits.isascii() and digits.isdecimal()):
        raise ValidationError(
            _("Enter the business ID as seven digits, a hyphen and a check digit, e.g. 1234567-1."),
            code="format",
        )
    expected = business_id_check_digit(text[:7])
    if expected is None:
        raise ValidationError(
            _("%(value)s is not a valid business ID: no check digit exists for these digits."),
            code="check_digit",
            params={"value": text},
        )
    if int(text[8]) != expected:
        raise ValidationError(
            _(
                "The check digit of business ID %(value)s is wrong: for %(digits)s it "
                "should be %(expected)s. Check the number."
            ),
            code="check_digit",
            params={"value": text, "digits": text[:7], "expected": expected},
        )
