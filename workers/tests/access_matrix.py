"""Access matrix entries for workers/ (format: ryhma/tests/test_access_matrix.py)."""

from ryhma.testing import Case, expect

CASES = [
    Case("workers:me", expect(worker=200)),
]
