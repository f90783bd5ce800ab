from django.db import migrations


def add_missing_phases(apps, schema_editor):
    """Programmes made before they had phases get their ten phases with the default
    checklists now, so that no page has to write them when it is first opened."""
    from django.conf import settings
    from django.utils import translation

    from villages.phases import DEFAULT_CHECKLISTS, PHASE_NUMBERS, default_checklist_key

    Programme = apps.get_model("villages", "Programme")
    ProgrammePhase = apps.get_model("villages", "ProgrammePhase")
    ChecklistItem = apps.get_model("villages", "ChecklistItem")
    existing: dict[int, set[int]] = {}
    for programme_id, number in ProgrammePhase.objects.values_list("programme_id", "number"):
        existing.setdefault(programme_id, set()).add(number)
    new_phases = [
        ProgrammePhase(programme_id=programme_id, number=number)
        for programme_id in Programme.objects.values_list("pk", flat=True).iterator()
        for number in PHASE_NUMBERS
        if number not in existing.get(programme_id, set())
    ]
    phases = ProgrammePhase.objects.bulk_create(new_phases, batch_size=2000)
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
    ChecklistItem.objects.bulk_create(items, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("villages", "0006_checklist_item_default_key")]

    operations = [migrations.RunPython(add_missing_phases, migrations.RunPython.noop)]
