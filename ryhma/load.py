"""Synthetic load data at city and national size (`manage.py generate_load`).

Each app that owns data keeps its generator in `<app>/load.py` with
`generate(context: LoadContext)`; they run in INSTALLED_APPS order like the demo seeds,
so later apps read what earlier ones created from `context.made`. An app's load module
may also define `real_data() -> str | None`, naming data that generate_load did not make.

The rows are written with bulk inserts (PostgreSQL COPY for the big tables), not through
the actions: the generators keep the actions' rules themselves (employments inside the
association's municipality, entries inside the employment on quarter hours, locked months
only when every entry of the month is approved) and the tests check that they do.
"""

import csv
import io
import random
import sys
import time
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import connection, models
from django.utils import timezone

# Every synthetic municipality's slug starts with this: it tells load data from real data.
SYNTHETIC_PREFIX = "synt-"
# The password of every synthetic user (development databases only).
LOAD_PASSWORD = "ryhmakuorma"


class LoadRefused(Exception):
    """generate_load must not run on this database; the message says why."""


@dataclass(frozen=True)
class Scale:
    name: str
    municipalities: int
    villages_per_municipality: int
    workers_per_municipality: int
    # How many calendar years, up to and including this one, the contracts and hours span.
    year_count: int
    # Work entries per worker and year of employment; a worker-day holds one or two entries.
    entries_per_worker_year: int
    # Staff users per municipality (one per association, up to this many).
    staff_per_municipality: int
    # The share of workers outside the big crew who leave the programme during the last year.
    exit_share: float = 0.2
    # Service orders per association and year (the catalogue and customers come with them).
    orders_per_association_year: int = 40

    @property
    def years(self) -> tuple[int, ...]:
        this_year = timezone.localdate().year
        return tuple(range(this_year - self.year_count + 1, this_year + 1))


SCALES = {
    "tiny": Scale("tiny", 2, 2, 8, 1, 250, 2, exit_share=0.5, orders_per_association_year=12),
    "city": Scale("city", 1, 30, 300, 3, 333, 30),
    "national": Scale("national", 300, 30, 100, 1, 333, 3, orders_per_association_year=12),
}


class Progress:
    """A plain progress bar on stderr: `label [#####.....] done/total  rate/s`."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.label = ""
        self.total = 0
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, max(total, 1), 0
        self.started = time.monotonic()
        self._last = 0.0
        if self.live:
            self._draw()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.live and now - self._last >= 0.5:
            self._last = now
            self._draw()

    def finish(self) -> None:
        self._draw()
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self) -> None:
        share = min(self.done / self.total, 1.0)
        filled = int(share * self.width)
        seconds = time.monotonic() - self.started
        rate = self.done / seconds if seconds > 0 else 0
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(
            f"\r{self.label:<22} [{bar}] {self.done:>10,}/{self.total:,} {rate:>9,.0f}/s "
            f"{seconds:6.0f} s"
        )
        self.stream.flush()


@dataclass
class LoadContext:
    scale: Scale
    rng: random.Random
    progress: Progress
    made: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)


def _load_modules():
    for config in apps.get_app_configs():
        module_name = f"{config.name}.load"
        if config.name == "ryhma" or find_spec(module_name) is None:
            continue
        yield import_module(module_name)


def real_data() -> list[str]:
    """What the database holds that generate_load did not make (empty when none)."""
    found = []
    for module in _load_modules():
        describe = getattr(module, "real_data", None)
        message = describe() if describe else None
        if message:
            found.append(message)
    return found


def generate_all(*, scale: Scale, seed: int = 1, progress: Progress | None = None) -> LoadContext:
    context = LoadContext(scale=scale, rng=random.Random(seed), progress=progress or Progress())
    for module in _load_modules():
        module.generate(context)
    return context


def insert_rows(
    model: type[models.Model],
    fields: list[str],
    rows: Iterable[tuple],
    *,
    progress: Progress | None = None,
    batch: int = 50_000,
) -> int:
    """Insert plain value tuples into `model`'s table; return how many.

    `fields` are column names (attnames, e.g. "employment_id"). PostgreSQL gets COPY in
    batches; other databases get bulk_create. Values must already be what the column
    holds: the model's save() and defaults do not run.
    """
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(name) for name in fields)
        sql = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        pending = 0

        def flush():
            buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(sql, buffer)
            buffer.seek(0)
            buffer.truncate()

        for row in rows:
            writer.writerow("\\N" if value is None else value for value in row)
            pending += 1
            if pending == batch:
                flush()
                count += pending
                if progress:
                    progress.advance(pending)
                pending = 0
        if pending:
            flush()
            count += pending
            if progress:
                progress.advance(pending)
        return count
    objects = []
    for row in rows:
        objects.append(model(**dict(zip(fields, row, strict=True))))
        if len(objects) == batch:
            model._default_manager.bulk_create(objects)
            count += len(objects)
            if progress:
                progress.advance(len(objects))
            objects = []
    if objects:
        model._default_manager.bulk_create(objects)
        count += len(objects)
        if progress:
            progress.advance(len(objects))
    return count


def bulk(model, objects: list, *, progress: Progress | None = None, batch: int = 5_000) -> list:
    """bulk_create in batches, keeping primary keys (PostgreSQL and SQLite return them)."""
    made = []
    for start in range(0, len(objects), batch):
        chunk = objects[start : start + batch]
        made.extend(model.objects.bulk_create(chunk, batch_size=batch))
        if progress:
            progress.advance(len(chunk))
    return made


@contextmanager
def bulk_loading(model: type[models.Model], *, checks: Iterable[str] = ()):
    """Load `model`'s table without per-row work, then check and index it once.

    PostgreSQL only (elsewhere a no-op). Drops the table's indexes that back no
    constraint, its foreign keys and its own triggers; after the load builds the indexes
    again (a unique index checks its rule as it is built), runs `checks` (SQL counting
    rows that break a rule the dropped triggers kept: each must count 0), and adds the
    foreign keys and triggers back (adding a foreign key checks every row in one join).
    At national size the per-row foreign-key checks and trigger calls were most of the
    load's time. Inside the caller's transaction, so a failed load leaves the table as
    it was.
    """
    if connection.vendor != "postgresql":
        yield
        return
    table = model._meta.db_table
    q = connection.ops.quote_name
    quoted = q(table)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = %s AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c
                WHERE c.conindid = (quote_ident(i.schemaname) || '.' || i.indexname)::regclass
            )
            """,
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [quoted],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [quoted],
        )
        triggers = cursor.fetchall()
        # Checks queued by earlier inserts run now: a table with pending trigger events
        # cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {q(name)}")
        for name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {q(name)}")
        for name, _definition in triggers:
            cursor.execute(f"DROP TRIGGER {q(name)} ON {quoted}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for check in checks:
            cursor.execute(check)
            broken = cursor.fetchone()[0]
            if broken:
                raise LoadRefused(f"{broken} loaded rows of {table} break a rule: {check}")
        for name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quoted} ADD CONSTRAINT {q(name)} {definition}")
        for _name, definition in triggers:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def analyse() -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
