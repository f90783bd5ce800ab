"""State only (no SQL): the phase-data models take their programme or association key from
an abstract base and name its reverse accessor with Meta.default_related_name."""

import django.db.models.deletion
from django.db import migrations, models

# model: (default_related_name, ordering, verbose_name, verbose_name_plural)
PROGRAMME_DATA = {
    "competence": ("competences", ["name"], "competence", "competences"),
    "developmentaction": (
        "development_actions",
        ["status", "due_on", "id"],
        "development action",
        "development actions",
    ),
    "feedback": ("feedback", ["-received_on", "-id"], "feedback", "feedback"),
    "fundingsource": (
        "funding_sources",
        ["-year", "kind", "name"],
        "funding source",
        "funding sources",
    ),
    "partner": ("partners", ["kind", "name"], "partner", "partners"),
    "processrole": ("process_roles", ["position", "name"], "process role", "process roles"),
    "processstep": ("process_steps", ["position", "id"], "process step", "process steps"),
    "serviceneed": (
        "service_needs",
        ["-year", "village__name", "service_kind"],
        "service need",
        "service needs",
    ),
    "unemploymentfigure": (
        "unemployment_figures",
        ["-year", "village__name", "area"],
        "unemployment figure",
        "unemployment figures",
    ),
}
ASSOCIATION_DATA = {
    "mappinganswer": (
        "mapping_answers",
        ["association", "respondent", "topic", "id"],
        "mapping answer",
        "mapping answers",
    ),
    "serviceoffering": (
        "service_offerings",
        ["association", "service_kind"],
        "service offering",
        "service offerings",
    ),
}


def options(default_related_name, ordering, verbose_name, verbose_name_plural):
    return {
        "default_related_name": default_related_name,
        "ordering": ordering,
        "verbose_name": verbose_name,
        "verbose_name_plural": verbose_name_plural,
    }


def key(to: str, name: str) -> models.ForeignKey:
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE, to=f"villages.{to}", verbose_name=name
    )


class Migration(migrations.Migration):
    dependencies = [
        ("villages", "0004_raci_cell_version"),
    ]

    operations = [
        *(
            migrations.AlterModelOptions(name=model, options=options(*meta))
            for model, meta in {**PROGRAMME_DATA, **ASSOCIATION_DATA}.items()
        ),
        *(
            migrations.AlterField(
                model_name=model, name="programme", field=key("programme", "programme")
            )
            for model in PROGRAMME_DATA
        ),
        *(
            migrations.AlterField(
                model_name=model, name="association", field=key("association", "association")
            )
            for model in ASSOCIATION_DATA
        ),
    ]
