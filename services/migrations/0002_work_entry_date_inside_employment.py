"""A work entry's date lies inside its employment: a check across two tables, so a trigger.

The message names the rule so that the IntegrityError says what was broken.
"""

from django.db import migrations

INSIDE = (
    "EXISTS (SELECT 1 FROM workers_employment e WHERE e.id = NEW.employment_id "
    "AND e.starts_on <= NEW.work_date AND (e.ends_on IS NULL OR NEW.work_date <= e.ends_on))"
)

POSTGRESQL = [
    f"""
    CREATE FUNCTION services_work_entry_inside_employment() RETURNS trigger AS $$
    BEGIN
        IF NOT {INSIDE} THEN
            RAISE EXCEPTION 'work_entry_date_inside_employment' USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER services_work_entry_inside_employment
    BEFORE INSERT OR UPDATE OF work_date, employment_id ON services_workentry
    FOR EACH ROW EXECUTE FUNCTION services_work_entry_inside_employment();
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS services_work_entry_inside_employment ON services_workentry",
    "DROP FUNCTION IF EXISTS services_work_entry_inside_employment()",
]
SQLITE = [
    f"""
    CREATE TRIGGER services_work_entry_inside_employment_{event.lower()}
    BEFORE {event} ON services_workentry FOR EACH ROW WHEN NOT {INSIDE}
    BEGIN SELECT RAISE(ABORT, 'work_entry_date_inside_employment'); END
    """
    for event in ("INSERT", "UPDATE")
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS services_work_entry_inside_employment_insert",
    "DROP TRIGGER IF EXISTS services_work_entry_inside_employment_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0001_initial"),
        ("workers", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}),
        )
    ]
