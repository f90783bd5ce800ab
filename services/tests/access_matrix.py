"""Access matrix entries for services/ (format: ryhma/tests/test_access_matrix.py)."""

from ryhma.testing import Case, expect

CASES = [
    Case("services:week", expect(staff=200)),
]
