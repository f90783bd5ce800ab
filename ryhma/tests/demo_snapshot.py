"""The demo seed, made once per test process and copied back for each test that asks.

`seed_all()` takes seconds of CPU, and the browser tests each need the whole demo in a
database that other connections (the live server's) can read. On PostgreSQL the first use
in a test process seeds the demo once and commits it, copies every table into a schema of
its own, and empties the database again as a transactional test's end does. Each use then
empties the tables and copies the rows back: the same rows with the same primary keys, the
sequences past them, and a fresh copy of the context `seed_all()` returned. On another
database (SQLite in quick local runs), and on a day other than the seed's (the demo's dates
follow today), each use seeds.
"""

import copy
from datetime import date
from graphlib import TopologicalSorter
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from ryhma.demo import seed_all

SCHEMA = "demo_snapshot"
# What an emptied test database still holds (post_migrate writes them), in the order in which
# a restore empties them.
ALWAYS_THERE = ("auth_permission", "django_content_type")


class DemoSnapshot:
    def __init__(self) -> None:
        self.context: dict[str, Any] = {}
        self.day: date | None = None
        self.tables: list[str] = []
        self.filled: list[str] = []
        self.sequences: list[tuple[str, str, str]] = []

    @classmethod
    def take(cls) -> "DemoSnapshot":
        """Seed the demo, copy it aside and empty the database. Runs outside any transaction,
        on a database as a test leaves it."""
        snapshot = cls()
        if connection.vendor != "postgresql":
            return snapshot
        assert not connection.in_atomic_block, "the demo snapshot is taken outside transactions"
        quote = connection.ops.quote_name
        snapshot.tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        snapshot.context = seed_all()
        snapshot.day = timezone.localdate()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            for table in snapshot.tables:
                cursor.execute(
                    f"CREATE UNLOGGED TABLE {SCHEMA}.{quote(table)} AS TABLE {quote(table)}"
                )
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT %s WHERE EXISTS (SELECT 1 FROM {SCHEMA}.{quote(table)})"
                    for table in snapshot.tables
                ),
                snapshot.tables,
            )
            filled = {row[0] for row in cursor.fetchall()}
            # Referenced tables first: a trigger may look up the row a new row refers to.
            cursor.execute(
                "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
                [list(filled)],
            )
            references: dict[str, set[str]] = {table: set() for table in filled}
            for table, referenced in cursor.fetchall():
                if referenced in filled and referenced != table:
                    references[table].add(referenced)
            snapshot.filled = list(TopologicalSorter(references).static_order())
            # (table, column, sequence) of every column a sequence numbers
            cursor.execute(
                "SELECT c.relname, a.attname, pg_get_serial_sequence(quote_ident(c.relname), "
                "a.attname) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
                "WHERE c.relname = ANY(%s) AND c.relkind = 'r' AND a.attnum > 0 "
                "AND NOT a.attisdropped AND c.relnamespace = current_schema()::regnamespace "
                "AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL",
                [snapshot.filled],
            )
            snapshot.sequences = cursor.fetchall()
        # Empty again, as pytest-django ends a transactional test.
        call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
        return snapshot

    def restore(self) -> dict[str, Any]:
        """The demo's rows in the (empty) database; returns a copy of seed_all's context."""
        if self.day is None or self.day != timezone.localdate():
            return seed_all()
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            others = [table for table in self.tables if table not in ALWAYS_THERE]
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in others
                ),
                others,
            )
            found = [row[0] for row in cursor.fetchall()]
            assert not found, (
                "The demo goes into an empty database: ask for it before fixtures that write "
                f"(rows found in {', '.join(found)})"
            )
            # Only these hold rows now, with post_migrate's ids, not the seed's.
            for table in ALWAYS_THERE:
                cursor.execute(f"DELETE FROM {quote(table)}")
            for table in self.filled:
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {SCHEMA}.{quote(table)}")
            # Sequences only move forward: past both their last value and the restored rows.
            if self.sequences:
                cursor.execute(
                    "SELECT "
                    + ", ".join(
                        f"setval('{sequence}', GREATEST(nextval('{sequence}'), "
                        f"(SELECT COALESCE(MAX({quote(column)}), 1) FROM {quote(table)})))"
                        for table, column, sequence in self.sequences
                    )
                )
        # The content types have the seed's ids now, and lose them when a test's transaction
        # rolls back: whoever rolls back forgets them too (`forget_content_types`).
        forget_content_types()
        return copy.deepcopy(self.context)


def forget_content_types() -> None:
    """Django caches content types by id; after a restore or a rollback the ids differ."""
    ContentType.objects.clear_cache()
