"""What the check of an import says about each row, and what a save added."""

from dataclasses import dataclass, field

from workers.models import Worker


class WorkerMatch:
    NEW = "new"
    EXISTING = "existing"
    EARLIER_ROW = "earlier_row"


class ContractOutcome:
    NONE = ""
    NEW = "new"
    EXISTING = "existing"


@dataclass
class RowOutcome:
    number: int
    name: str
    association: str = ""
    errors: list[str] = field(default_factory=list)
    worker: str = ""  # a WorkerMatch
    worker_id: int | None = None
    earlier_row: int | None = None
    contract: str = ContractOutcome.NONE
    differing: list[str] = field(default_factory=list)  # column headers
    namesakes: list[Worker] = field(default_factory=list)  # for a new worker: same name


@dataclass
class Summary:
    new_workers: int = 0
    existing_workers: int = 0
    new_contracts: int = 0


@dataclass
class Result:
    rows: list[RowOutcome]
    values: list[dict]
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.file_errors and not any(r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(r.errors) for r in self.rows)
