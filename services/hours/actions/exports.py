"""Recording the exports of a month's hours: a payroll file names workers and their pay."""

from ryhma.models import AuditAction
from ryhma.saving import record_read


def record_export(*, association, filename: str, actor) -> None:
    """Record that `actor` downloaded the export `filename` of the association's hours."""
    record_read(
        association,
        actor=actor,
        action=AuditAction.EXPORT,
        changes={"export": [None, filename]},
        municipality_id=association.village.municipality_id,
    )
