"""Access matrix entries for villages/ (format: ryhma/tests/test_access_matrix.py)."""

from ryhma.testing import Case, expect
from villages.tests.factories import ProgrammeFactory

PROGRAMME_READERS = {"coordinator": 200, "official": 200, "outsider": 200}

CASES = [
    Case("villages:programme_overview", expect(coordinator=302, official=302, outsider=302)),
    Case("villages:programme_list", expect(**PROGRAMME_READERS)),
    Case(
        "villages:programme_detail",
        expect(outsider=200),
        kwargs=lambda w: {"slug": ProgrammeFactory(municipality=w.other_municipality).slug},
        label="another municipality's programme",
    ),
    Case(
        "villages:programme_detail",
        expect(coordinator=200, official=200),
        kwargs=lambda w: {"slug": w.programme.slug},
        label="own programme",
    ),
]
