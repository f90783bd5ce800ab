"""Writes of the villages app: keyword-only, atomic, validated before saving."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ryhma.audit import delete_recorded, diff, record, record_bulk, snapshot
from ryhma.concurrency import StaleEditError, save_versioned
from ryhma.models import AuditAction
from ryhma.saving import municipality_id_of, save_recorded
from villages.models import ChecklistItem, Programme, ProgrammePhase, Village
from villages.phases import DEFAULT_CHECKLISTS, PHASE_NUMBERS, default_checklist_key


@transaction.atomic
def ensure_programme_phases(*, programme: Programme) -> None:
    """Give the programme its ten phases with the default checklists (idempotent)."""
    existing = set(programme.phases.values_list("number", flat=True))
    missing = [n for n in PHASE_NUMBERS if n not in existing]
    if missing:
        _add_phases([ProgrammePhase(programme=programme, number=n) for n in missing])


@transaction.atomic
def add_default_phases(*, programmes: list[Programme]) -> None:
    """The ten phases with the default checklists for programmes just made without them
    (the synthetic data's programmes, made in bulk)."""
    _add_phases([ProgrammePhase(programme=p, number=n) for p in programmes for n in PHASE_NUMBERS])


def _add_phases(new_phases: list[ProgrammePhase]) -> None:
    phases = ProgrammePhase.objects.bulk_create(new_phases)
    # The items are the programme's own; until one is edited it shows its default in the
    # reader's language (default_key), its text is kept in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        items = [
            ChecklistItem(
                phase=phase,
                text=str(text),
                position=position,
                default_key=default_checklist_key(phase.number, position),
            )
            for phase in phases
            for position, text in enumerate(DEFAULT_CHECKLISTS[phase.number])
        ]
    ChecklistItem.objects.bulk_create(items)


PROGRAMME_AUDIT_FIELDS = [
    "name",
    "slug",
    "starts_on",
    "ends_on",
    "coordinator_id",
    "target_participants",
    "target_employed",
    "target_villages",
]


@transaction.atomic
def create_programme(
    *,
    municipality,
    user,
    name: str,
    slug: str,
    starts_on,
    ends_on=None,
    coordinator=None,
    description: str = "",
    target_participants: int | None = None,
    target_employed: int | None = None,
    target_villages: int | None = None,
) -> Programme:
    """A new programme of the municipality with its ten phases and default checklists."""
    if (
        coordinator is not None
        and getattr(getattr(coordinator, "membership", None), "municipality_id", None)
        != municipality.pk
    ):
        raise ValidationError(
            {"coordinator": _("The coordinator must work for the programme's municipality.")}
        )
    programme = Programme(
        municipality=municipality,
        name=name.strip(),
        slug=slug,
        starts_on=starts_on,
        ends_on=ends_on,
        coordinator=coordinator,
        description=description,
        target_participants=target_participants,
        target_employed=target_employed,
        target_villages=target_villages,
    )
    save_recorded(
        programme,
        actor=user,
        fields=[],
        changes=snapshot(programme, PROGRAMME_AUDIT_FIELDS),
    )
    ensure_programme_phases(programme=programme)
    return programme


@dataclass(frozen=True)
class ItemChange:
    """What one person submitted for one checklist item, with what they saw before."""

    item_id: int
    version: int
    done_was: bool
    done: bool
    text_was: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class ChecklistConflict:
    item: ChecklistItem
    wanted: ItemChange


def _changed_fields(change: ItemChange) -> dict:
    fields: dict[str, bool | str] = {}
    if change.done != change.done_was:
        fields["done"] = change.done
    if change.text is not None and change.text.strip() != (change.text_was or "").strip():
        fields["text"] = change.text.strip()
    return fields


def _current(item: ChecklistItem, name: str):
    """An item's value as its editors saw it (a default's text in their language)."""
    return item.label if name == "text" else getattr(item, name)


def _apply(item: ChecklistItem, fields: dict, user) -> None:
    for name, value in fields.items():
        setattr(item, name, value)
    if "text" in fields:
        item.default_key = ""  # typed by someone: shown as typed from now on
    if "done" in fields:
        item.done_by = user if item.done else None
        item.done_at = timezone.now() if item.done else None
    item.full_clean(exclude=["phase", "done_by"])


@transaction.atomic
def save_checklist(
    *, phase: ProgrammePhase, user, changes: list[ItemChange]
) -> list[ChecklistConflict]:
    """Save only what this person changed, item by item.

    An item someone else saved in the meantime keeps their change: if they touched a
    different field, ours is applied on top; if they set the same field to another
    value, nothing is written and the conflict is returned to be shown.
    """
    items = {item.pk: item for item in phase.checklist.select_for_update(of=("self",)).order_by()}
    conflicts = []
    for change in changes:
        item = items.get(change.item_id)
        fields = _changed_fields(change)
        if item is None or not fields:
            continue
        before = snapshot(item, ["done", "text"])
        if item.version != change.version:
            seen = {"done": change.done_was, "text": (change.text_was or "").strip()}
            clash = {
                name
                for name, value in fields.items()
                if _current(item, name) != seen[name] and _current(item, name) != value
            }
            if clash:
                conflicts.append(ChecklistConflict(item=item, wanted=change))
                continue
        _apply(item, fields, user)
        save_recorded(
            item,
            actor=user,
            fields=["done", "text"],
            written=[*fields, "default_key", "done_by", "done_at"],
            expected_version=item.version,
            before=before,
            full_clean=False,
        )
    return conflicts


@transaction.atomic
def add_checklist_item(*, phase: ProgrammePhase, user, text: str) -> ChecklistItem:
    last = phase.checklist.aggregate(models.Max("position"))["position__max"]
    item = ChecklistItem(phase=phase, text=text.strip(), position=(last or 0) + 1)
    return save_recorded(item, actor=user, fields=[], changes={})


@transaction.atomic
def update_phase(*, phase: ProgrammePhase, user, expected_version: int, **values) -> None:
    """Change a phase's status, owner, due date or note (raises StaleEditError)."""
    for name, value in values.items():
        setattr(phase, name, value)
    save_recorded(phase, actor=user, fields=list(values), expected_version=expected_version)


@transaction.atomic
def save_row(*, instance: models.Model, user, fields: list[str], expected_version=None):
    """Create or change one row of phase data, audited. Raises StaleEditError or
    ValidationError; on a stale edit nothing is written."""
    return save_recorded(
        instance,
        actor=user,
        fields=fields,
        expected_version=expected_version if hasattr(instance, "version") else None,
    )


@transaction.atomic
def delete_row(*, instance: models.Model, user) -> None:
    """Delete one row of phase data; refuses with a reason when other rows depend on it."""
    if isinstance(instance, Village) and instance.associations.exists():
        names = ", ".join(instance.associations.values_list("name", flat=True))
        raise ValidationError(
            _(
                "Village %(village)s cannot be deleted because these associations belong "
                "to it: %(names)s. Move or delete the associations first."
            )
            % {"village": instance.name, "names": names}
        )
    municipality_id = municipality_id_of(instance)
    try:
        delete_recorded(actor=user, instance=instance, municipality_id=municipality_id)
    except models.ProtectedError as error:
        raise ValidationError(
            _("%(object)s cannot be deleted because other data refers to it: %(names)s.")
            % {
                "object": instance,
                "names": ", ".join(
                    sorted({str(o._meta.verbose_name) for o in error.protected_objects})
                ),
            }
        ) from error


@transaction.atomic
def import_unemployment_figures(*, programme: Programme, user, rows: list) -> int:
    """Save parsed CSV rows (villages.imports.ParsedRow) all or nothing: a figure for the
    same village (or area) and year is replaced. Returns the number of rows saved."""
    from villages.models import UnemploymentFigure

    existing = {
        (figure.village_id, figure.area.lower(), figure.year): figure
        for figure in UnemploymentFigure.objects.select_for_update(of=("self",))
        .filter(programme=programme)
        .order_by()
    }
    audit_rows = []
    for row in rows:
        key = (row.village.pk if row.village else None, row.area.lower(), row.year)
        figure = existing.get(key) or UnemploymentFigure(
            programme=programme, village=row.village, area=row.area, year=row.year
        )
        before = snapshot(figure, ["job_seekers", "long_term_unemployed"])
        figure.job_seekers = row.job_seekers
        figure.long_term_unemployed = row.long_term_unemployed
        figure.full_clean()
        if figure.pk:
            figure.version += 1
        figure.save()
        existing[key] = figure
        audit_rows.append(
            {
                "pk": figure.pk,
                "repr": str(figure),
                "changes": diff(before, snapshot(figure, ["job_seekers", "long_term_unemployed"])),
            }
        )
    record_bulk(
        actor=user,
        model=UnemploymentFigure,
        rows=audit_rows,
        municipality_id=programme.municipality_id,
    )
    return len(rows)


class RaciError(ValidationError):
    pass


@dataclass(frozen=True)
class RaciChange:
    """One cell of the RACI form: the letter wanted, and the letter and version seen
    when the page was opened (version 0: the cell was empty)."""

    step_id: int
    role_id: int
    letter: str
    was: str = ""
    version: int = 0


@dataclass(frozen=True)
class RaciClash:
    step: object
    role: object
    mine: str
    theirs: str


class RaciStaleError(StaleEditError):
    """Someone else set some of the same cells to other letters; nothing was written."""

    def __init__(self, programme: Programme, clashes: list[RaciClash]):
        super().__init__(programme)
        self.clashes = clashes
        self.args = (
            ngettext(
                "Someone else changed %(count)s of the same responsibilities in the meantime. "
                "Nothing was saved. Their choice is shown under each cell; yours is kept "
                "on the form. Check and save again.",
                "Someone else changed %(count)s of the same responsibilities in the meantime. "
                "Nothing was saved. Their choices are shown under each cell; yours are kept "
                "on the form. Check and save again.",
                len(clashes),
            )
            % {"count": len(clashes)},
        )


@transaction.atomic
def save_raci(*, programme: Programme, user, changes: list[RaciChange]) -> int:
    """Save the cells of the RACI table this person changed; returns how many were written.

    A cell someone else saved in the meantime keeps their letter when this person did
    not touch it; when both changed the same cell to different letters, nothing at all
    is written and RaciStaleError lists the clashes. Each step needs exactly one
    accountable role (A) when it has any letters (RaciError; nothing written).
    """
    from villages.models import ProcessRole, ProcessStep, RaciAssignment

    # Locks the programme's steps, so that two saves of the same table run one after another.
    steps = {
        step.pk: step
        for step in ProcessStep.objects.select_for_update().filter(programme=programme).order_by()
    }
    roles = {role.pk: role for role in ProcessRole.objects.filter(programme=programme)}
    current = {
        (assignment.step_id, assignment.role_id): assignment
        for assignment in RaciAssignment.objects.filter(step__programme=programme)
    }
    wanted, clashes = {}, []
    for change in changes:
        key = (change.step_id, change.role_id)
        if change.step_id not in steps or change.role_id not in roles:
            continue
        if change.letter == change.was:
            continue  # not changed by this person: whatever is stored stays
        row = current.get(key)
        stored = (row.version, row.letter) if row else (0, "")
        if stored[1] == change.letter:
            continue
        if stored != (change.version, change.was):
            clashes.append(
                RaciClash(
                    step=steps[change.step_id],
                    role=roles[change.role_id],
                    mine=change.letter,
                    theirs=stored[1],
                )
            )
            continue
        wanted[key] = change
    if clashes:
        raise RaciStaleError(programme, clashes)
    letters = {key: row.letter for key, row in current.items()}
    letters.update({key: change.letter for key, change in wanted.items()})
    problems = []
    for step in sorted(steps.values(), key=lambda s: (s.position, s.pk)):
        row = [letters.get((step.pk, role_pk), "") for role_pk in roles]
        if any(row) and row.count("A") != 1:
            problems.append(
                _("Step “%(step)s” needs exactly one accountable role (A); now it has %(count)s.")
                % {"step": step.name, "count": row.count("A")}
            )
    if problems:
        raise RaciError(problems)
    changes_for_audit = {}
    for key, change in wanted.items():
        row = current.get(key)
        label = f"{steps[key[0]].name} / {roles[key[1]].name}"
        changes_for_audit[label] = [row.letter if row else "", change.letter]
        if row is None:
            row = RaciAssignment(step=steps[key[0]], role=roles[key[1]], letter=change.letter)
            row.full_clean(validate_constraints=False)
            row.save()
        elif not change.letter:
            row.delete()
        else:
            row.letter = change.letter
            row.full_clean(exclude=["step", "role"], validate_constraints=False)
            save_versioned(row, expected_version=change.version, fields=["letter"])
    if changes_for_audit:
        record(
            actor=user,
            action=AuditAction.BULK,
            instance=programme,
            changes=changes_for_audit,
            municipality_id=programme.municipality_id,
        )
    return len(changes_for_audit)


@transaction.atomic
def set_association_phase(
    *,
    association,
    user,
    number: int,
    status: str,
    expected_version: int,
    note: str | None = None,
):
    """Set by hand the status of one of phases 3–8 at an association.

    `expected_version` is the version the person saw (0 when no status had been set).
    Raises StaleEditError, writing nothing, when someone else saved it in the meantime.
    `note=None` keeps the stored note.
    """
    from villages.models import AssociationPhase

    row = (
        AssociationPhase.objects.select_for_update()
        .filter(association=association, number=number)
        .first()
    )
    if row is None:
        row = AssociationPhase(association=association, number=number)
    elif row.version != expected_version:
        raise StaleEditError(row)
    before = snapshot(row, ["status", "note"])
    row.status = status
    if note is not None:
        row.note = note
    creating = row.pk is None
    try:
        with transaction.atomic():
            save_recorded(
                row,
                actor=user,
                fields=["status", "note"],
                expected_version=None if creating else expected_version,
                before=before,
                # The number was checked by choices; the one-row-per-phase rule by the
                # database.
                check=lambda row: row.full_clean(validate_constraints=False),
                full_clean=False,
                action=AuditAction.STATUS,
            )
    except IntegrityError:
        if not creating:
            raise
        # Someone else set the first status of this phase at the same moment.
        raise StaleEditError(
            AssociationPhase.objects.get(association=association, number=number)
        ) from None
    return row
