"""Writes of the villages app: keyword-only, atomic, validated before saving."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ryhma.audit import diff, record, record_bulk, snapshot
from ryhma.concurrency import save_versioned
from ryhma.models import AuditAction
from villages.models import ChecklistItem, Programme, ProgrammePhase, Village
from villages.phases import DEFAULT_CHECKLISTS, PHASE_NUMBERS


def _municipality_id(instance) -> int | None:
    for path in ("programme", "association", "phase", "step"):
        related = getattr(instance, path, None)
        if related is not None:
            return _municipality_id(related)
    if isinstance(instance, Programme):
        return instance.municipality_id
    if isinstance(instance, Village):
        return instance.municipality_id
    village = getattr(instance, "village", None)
    return village.municipality_id if village is not None else None


@transaction.atomic
def ensure_programme_phases(*, programme: Programme) -> None:
    """Give the programme its ten phases with the default checklists (idempotent)."""
    existing = set(programme.phases.values_list("number", flat=True))
    missing = [n for n in PHASE_NUMBERS if n not in existing]
    if not missing:
        return
    phases = ProgrammePhase.objects.bulk_create(
        [ProgrammePhase(programme=programme, number=n) for n in missing]
    )
    # The checklist is the programme's own text from now on, in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        items = [
            ChecklistItem(phase=phase, text=str(text), position=position)
            for phase in phases
            for position, text in enumerate(DEFAULT_CHECKLISTS[phase.number])
        ]
    ChecklistItem.objects.bulk_create(items)


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
    fields = {}
    if change.done != change.done_was:
        fields["done"] = change.done
    if change.text is not None and change.text.strip() != (change.text_was or "").strip():
        fields["text"] = change.text.strip()
    return fields


def _apply(item: ChecklistItem, fields: dict, user) -> None:
    for name, value in fields.items():
        setattr(item, name, value)
    if "done" in fields:
        item.done_by = user if item.done else None
        item.done_at = timezone.now() if item.done else None
    item.full_clean(exclude=["phase", "done_by"])


@transaction.atomic
def checklist_save(
    *, phase: ProgrammePhase, user, changes: list[ItemChange]
) -> list[ChecklistConflict]:
    """Save only what this person changed, item by item.

    An item someone else saved in the meantime keeps their change: if they touched a
    different field, ours is applied on top; if they set the same field to another
    value, nothing is written and the conflict is returned to be shown.
    """
    items = {i.pk: i for i in phase.checklist.select_for_update(of=("self",)).order_by()}
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
                if getattr(item, name) != seen[name] and getattr(item, name) != value
            }
            if clash:
                conflicts.append(ChecklistConflict(item=item, wanted=change))
                continue
        _apply(item, fields, user)
        save_versioned(item, expected_version=item.version, fields=[*fields, "done_by", "done_at"])
        record(
            actor=user,
            action=AuditAction.UPDATE,
            instance=item,
            changes=diff(before, snapshot(item, ["done", "text"])),
            municipality_id=phase.programme.municipality_id,
        )
    return conflicts


@transaction.atomic
def checklist_add_item(*, phase: ProgrammePhase, user, text: str) -> ChecklistItem:
    last = phase.checklist.aggregate(models.Max("position"))["position__max"]
    item = ChecklistItem(phase=phase, text=text.strip(), position=(last or 0) + 1)
    item.full_clean()
    item.save()
    record(
        actor=user,
        action=AuditAction.CREATE,
        instance=item,
        municipality_id=phase.programme.municipality_id,
    )
    return item


@transaction.atomic
def phase_update(*, phase: ProgrammePhase, user, expected_version: int, **values) -> None:
    """Change a phase's status, owner, due date or note (raises StaleEditError)."""
    before = snapshot(phase, list(_attnames(phase, values)))
    for name, value in values.items():
        setattr(phase, name, value)
    phase.full_clean()
    save_versioned(phase, expected_version=expected_version, fields=list(values))
    record(
        actor=user,
        action=AuditAction.UPDATE,
        instance=phase,
        changes=diff(before, snapshot(phase, list(_attnames(phase, values)))),
        municipality_id=phase.programme.municipality_id,
    )


def _attnames(instance, values) -> list[str]:
    return [instance._meta.get_field(name).attname for name in values]


@transaction.atomic
def row_save(*, instance: models.Model, user, fields: list[str], expected_version=None):
    """Create or change one row of phase data, audited. Raises StaleEditError or
    ValidationError; on a stale edit nothing is written."""
    creating = instance.pk is None
    instance.full_clean()
    names = _attnames(instance, fields)
    if creating:
        instance.save()
        changes = snapshot(instance, names)
    else:
        before = snapshot(type(instance)._default_manager.get(pk=instance.pk), names)
        if hasattr(instance, "version") and expected_version is not None:
            save_versioned(instance, expected_version=expected_version, fields=fields)
        else:
            instance.save(update_fields=fields)
        changes = diff(before, snapshot(instance, names))
    record(
        actor=user,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        instance=instance,
        changes=changes,
        municipality_id=_municipality_id(instance),
    )
    return instance


@transaction.atomic
def row_delete(*, instance: models.Model, user) -> None:
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
    municipality_id = _municipality_id(instance)
    try:
        record(
            actor=user,
            action=AuditAction.DELETE,
            instance=instance,
            changes=snapshot(instance),
            municipality_id=municipality_id,
        )
        instance.delete()
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
def unemployment_import(*, programme: Programme, user, rows: list) -> int:
    """Save parsed CSV rows (villages.imports.ParsedRow) all or nothing: a figure for the
    same village (or area) and year is replaced. Returns the number of rows saved."""
    from villages.models import UnemploymentFigure

    existing = {
        (f.village_id, f.area.lower(), f.year): f
        for f in UnemploymentFigure.objects.select_for_update(of=("self",))
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


@transaction.atomic
def raci_save(*, programme: Programme, user, cells: dict[tuple[int, int], str]) -> None:
    """Replace the programme's RACI table. Each step needs exactly one accountable role
    (A) when any letters are given for it; otherwise nothing is written."""
    from villages.models import ProcessRole, ProcessStep, RaciAssignment

    steps = {s.pk: s for s in ProcessStep.objects.filter(programme=programme)}
    roles = {r.pk: r for r in ProcessRole.objects.filter(programme=programme)}
    problems = []
    for step in steps.values():
        letters = [cells.get((step.pk, role_pk), "") for role_pk in roles]
        if any(letters) and letters.count("A") != 1:
            problems.append(
                _("Step “%(step)s” needs exactly one accountable role (A); now it has %(count)s.")
                % {"step": step.name, "count": letters.count("A")}
            )
    if problems:
        raise RaciError(problems)
    before = {
        f"{a.step_id}-{a.role_id}": a.letter
        for a in RaciAssignment.objects.filter(step__programme=programme)
    }
    RaciAssignment.objects.filter(step__programme=programme).delete()
    assignments = [
        RaciAssignment(step=steps[step_pk], role=roles[role_pk], letter=letter)
        for (step_pk, role_pk), letter in cells.items()
        if letter and step_pk in steps and role_pk in roles
    ]
    for assignment in assignments:
        assignment.full_clean(validate_constraints=False)
    RaciAssignment.objects.bulk_create(assignments)
    after = {f"{a.step_id}-{a.role_id}": a.letter for a in assignments}
    record(
        actor=user,
        action=AuditAction.BULK,
        instance=programme,
        changes=diff(before, after),
        municipality_id=programme.municipality_id,
    )


@transaction.atomic
def association_phase_set(*, association, user, number: int, status: str, note: str = ""):
    """Set the status of one of phases 3–8 at an association by hand."""
    from villages.models import AssociationPhase

    row, _created = AssociationPhase.objects.select_for_update().get_or_create(
        association=association, number=number
    )
    before = snapshot(row, ["status", "note"])
    row.status, row.note = status, note
    row.full_clean()
    row.version += 1
    row.save()
    record(
        actor=user,
        action=AuditAction.STATUS,
        instance=row,
        changes=diff(before, snapshot(row, ["status", "note"])),
        municipality_id=association.village.municipality_id,
    )
    return row
