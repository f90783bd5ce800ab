"""Recording the exports of a month's hours: a payroll file names workers and their pay."""

from ryhma.audit import record
from ryhma.models import AuditAction


def record_export(*, association, filename: str, actor) -> None:
    """Record that `actor` downloaded the export `filename` of the association's hours."""
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        instance=association,
        changes={"export": [None, filename]},
        municipality_id=association.village.municipality_id,
    )
