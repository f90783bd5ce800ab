"""Hostile-input cases for the villages pages (format: ryhma/tests/test_hostile_forms.py).

Every kind of phase data (villages.kinds.KINDS) and every association section gets a case of
its own, so a new kind or section is covered without an edit here."""

from django.urls import reverse

from ryhma.testing import FormCase
from villages.forms import (
    ASSOCIATION_SECTIONS,
    ChecklistAddForm,
    PhaseForm,
    ProgrammeForm,
    ProgrammePlanForm,
)
from villages.kinds import ASSOCIATION, KINDS
from villages.views.phase_pages import UploadForm


def demo_objects(d):
    d.association = d.associations["Livokas ry"]


def _slug(d):
    return d.programme.slug


def _kind_url(kind):
    if kind.parent == ASSOCIATION:
        return lambda d: reverse(
            "villages:association_row_create", args=[_slug(d), d.association.pk, kind.slug]
        )
    return lambda d: reverse("villages:row_create", args=[_slug(d), kind.slug])


def _section_url(section):
    return lambda d: reverse(
        "villages:association_section", args=[_slug(d), d.association.pk, section]
    )


CASES = [
    FormCase(
        (PhaseForm,), lambda d: reverse("villages:phase_detail", args=[_slug(d), 3]), label="phase"
    ),
    FormCase(
        (ChecklistAddForm,),
        lambda d: reverse("villages:phase_detail", args=[_slug(d), 3]),
        action=lambda d: reverse("villages:checklist_add", args=[_slug(d), 3]),
    ),
    FormCase(
        (),
        lambda d: reverse("villages:phase_detail", args=[_slug(d), 3]),
        action=lambda d: reverse("villages:checklist_save", args=[_slug(d), 3]),
        # A changed version is someone else's edit, which this list merges item by item.
        keep_hidden=True,
        label="checklist",
    ),
    FormCase(
        (UploadForm,),
        lambda d: reverse("villages:import", args=[_slug(d)]),
        upload=("csv",),
        header=("kylä", "vuosi", "työnhakijat", "pitkäaikaistyöttömät"),
    ),
    FormCase((ProgrammeForm,), lambda d: reverse("villages:programme_create")),
    FormCase((ProgrammePlanForm,), lambda d: reverse("villages:programme_edit", args=[_slug(d)])),
    FormCase((), lambda d: reverse("villages:raci_edit", args=[_slug(d)]), label="raci"),
    FormCase(
        (),
        lambda d: reverse("villages:association_detail", args=[_slug(d), d.association.pk]),
        action=lambda d: reverse("villages:association_phases", args=[_slug(d), d.association.pk]),
        label="association phases",
    ),
    *[FormCase((), _kind_url(kind), label=f"kind {kind.slug}") for kind in KINDS.values()],
    *[
        FormCase((), _section_url(section), label=f"section {section}")
        for section in ASSOCIATION_SECTIONS
    ],
]
