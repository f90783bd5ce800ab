"""Access matrix entries for evaluation/ (format: ryhma/tests/test_access_matrix.py)."""

from evaluation.tests.reports.access import REPORT_CASES
from ryhma.testing import Case, expect

CASES = [
    Case("evaluation:dashboard", expect(coordinator=200, official=200, outsider=200)),
    *REPORT_CASES,
]
