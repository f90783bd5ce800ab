"""Access matrix entries for villages/ (format: ryhma/tests/test_access_matrix.py)."""

from ryhma.testing import Case, expect
from villages.actions import ensure_programme_phases
from villages.models import MappingAnswer, Programme
from villages.tests.factories import PartnerFactory, ProgrammeFactory

PROGRAMME_READERS = {"coordinator": 200, "official": 200, "outsider": 200}


def foreign_programme(w) -> Programme:
    return ProgrammeFactory.create(municipality=w.other_municipality)


def own(**extra):
    return lambda w: {"slug": w.programme.slug, **extra}


def foreign(**extra):
    return lambda w: {"slug": foreign_programme(w).slug, **extra}


def checklist_item(w):
    ensure_programme_phases(programme=w.programme)
    item = w.programme.phases.get(number=1).checklist.first()
    return {"slug": w.programme.slug, "number": 1, "pk": item.pk}


def foreign_checklist_item(w):
    programme = foreign_programme(w)
    ensure_programme_phases(programme=programme)
    item = programme.phases.get(number=1).checklist.first()
    return {"slug": programme.slug, "number": 1, "pk": item.pk}


def answer(association):
    return MappingAnswer.objects.create(
        association=association, respondent="customer", topic="need"
    )


def own_answer(w):
    pk = answer(w.association).pk
    return {
        "slug": w.programme.slug,
        "association_pk": w.association.pk,
        "kind": "kartoitus",
        "pk": pk,
    }


def other_answer(w):
    pk = answer(w.other_association).pk
    return {
        "slug": w.programme.slug,
        "association_pk": w.other_association.pk,
        "kind": "kartoitus",
        "pk": pk,
    }


def own_partner(w):
    return {
        "slug": w.programme.slug,
        "kind": "kumppanit",
        "pk": PartnerFactory(programme=w.programme).pk,
    }


def foreign_partner(w):
    programme = foreign_programme(w)
    return {
        "slug": programme.slug,
        "kind": "kumppanit",
        "pk": PartnerFactory(programme=programme).pk,
    }


def association(which, **extra):
    def kwargs(w):
        target = getattr(w, which)
        slug = foreign_programme(w).slug if which == "foreign_association" else w.programme.slug
        return {"slug": slug, "pk": target.pk, **extra}

    return kwargs


def association_rows(which, kind):
    def kwargs(w):
        slug = foreign_programme(w).slug if which == "foreign_association" else w.programme.slug
        return {"slug": slug, "association_pk": getattr(w, which).pk, "kind": kind}

    return kwargs


def foreign_answer(w):
    return {
        **association_rows("foreign_association", "kartoitus")(w),
        "pk": answer(w.foreign_association).pk,
    }


COORDINATOR_PAGES = [
    "villages:programme_edit",
    "villages:raci_edit",
    "villages:import",
]

CASES = [
    Case("villages:programme_overview", expect(coordinator=302, official=302, outsider=302)),
    Case("villages:programme_list", expect(**PROGRAMME_READERS)),
    # Every coordinator creates programmes of their own municipality only; no object to hide.
    Case("villages:programme_create", expect(coordinator=200, outsider=200)),
    Case(
        "villages:programme_create",
        expect(coordinator=400, outsider=400),
        method="post",
        data=lambda w: {"name": "", "slug": ""},
        label="invalid form",
    ),
    Case(
        "villages:programme_detail",
        expect(outsider=200),
        kwargs=foreign(),
        label="another municipality's programme",
    ),
    Case(
        "villages:programme_detail",
        expect(coordinator=200, official=200),
        kwargs=own(),
        label="own programme",
    ),
    *(Case(name, expect(coordinator=200), kwargs=own(), label="own") for name in COORDINATOR_PAGES),
    *(
        Case(name, expect(outsider=200), kwargs=foreign(), label="another municipality's")
        for name in COORDINATOR_PAGES
    ),
    Case("villages:operating_model", expect(coordinator=200, official=200), kwargs=own()),
    Case(
        "villages:operating_model",
        expect(outsider=200),
        kwargs=foreign(),
        label="another municipality's",
    ),
    Case("villages:phase_detail", expect(coordinator=200, official=200), kwargs=own(number=1)),
    Case(
        "villages:phase_detail",
        expect(outsider=200),
        kwargs=foreign(number=5),
        label="another municipality's",
    ),
    Case(
        "villages:phase_detail",
        expect(coordinator=302, official=404),
        kwargs=own(number=2),
        method="post",
        data=lambda w: {"status": "done", "version": 1},
        label="save phase",
    ),
    Case(
        "villages:checklist_save",
        expect(coordinator=302),
        kwargs=own(number=1),
        method="post",
    ),
    Case(
        "villages:checklist_save",
        expect(outsider=302),
        kwargs=foreign(number=1),
        method="post",
        label="another municipality's",
    ),
    Case(
        "villages:checklist_add",
        expect(coordinator=302),
        kwargs=own(number=1),
        method="post",
        data=lambda w: {"text": "Uusi kohta"},
    ),
    Case(
        "villages:checklist_delete",
        expect(coordinator=302),
        kwargs=checklist_item,
        method="post",
    ),
    Case(
        "villages:association_detail",
        expect(coordinator=200, official=200, staff=200),
        kwargs=association("association"),
        label="own association",
    ),
    Case(
        "villages:association_detail",
        expect(coordinator=200, official=200),
        kwargs=association("other_association"),
        label="another association",
    ),
    Case(
        "villages:association_detail",
        expect(outsider=200),
        kwargs=association("foreign_association"),
        label="another municipality's association",
    ),
    Case(
        "villages:association_phases",
        expect(coordinator=302, staff=302),
        kwargs=association("association"),
        method="post",
        data=lambda w: {"number": 3, "status": "done"},
        label="phase 3, own association",
    ),
    Case(
        "villages:association_phases",
        expect(coordinator=302),
        kwargs=association("association"),
        method="post",
        data=lambda w: {"number": 8, "status": "done"},
        label="phase 8",
    ),
    Case(
        "villages:association_phases",
        expect(coordinator=302),
        kwargs=association("other_association"),
        method="post",
        data=lambda w: {"number": 3, "status": "done"},
        label="another association",
    ),
    Case(
        "villages:association_section",
        expect(coordinator=200, staff=200),
        kwargs=association("association", section="analyysi"),
        label="phase 3 of own association",
    ),
    Case(
        "villages:association_section",
        expect(coordinator=200),
        kwargs=association("association", section="kayttoonotto"),
        label="phase 8",
    ),
    Case(
        "villages:association_section",
        expect(coordinator=200),
        kwargs=association("other_association", section="analyysi"),
        label="another association",
    ),
    Case(
        "villages:association_row_create",
        expect(coordinator=200, staff=200),
        kwargs=association_rows("association", "kartoitus"),
        label="phase 4, own association",
    ),
    Case(
        "villages:association_row_create",
        expect(coordinator=200),
        kwargs=association_rows("association", "palvelut"),
        label="phase 5",
    ),
    Case(
        "villages:association_row_edit",
        expect(coordinator=200, staff=200),
        kwargs=own_answer,
        label="own association",
    ),
    Case(
        "villages:association_row_edit",
        expect(coordinator=200),
        kwargs=other_answer,
        label="another association",
    ),
    Case(
        "villages:association_row_delete",
        expect(coordinator=302, staff=302),
        kwargs=own_answer,
        method="post",
        label="own association",
    ),
    Case(
        "villages:association_row_delete",
        expect(coordinator=302),
        kwargs=other_answer,
        method="post",
        label="another association",
    ),
    Case(
        "villages:row_list",
        expect(coordinator=200, official=200),
        kwargs=own(kind="kumppanit"),
    ),
    Case(
        "villages:row_list",
        expect(outsider=200),
        kwargs=foreign(kind="kylat"),
        label="another municipality's",
    ),
    Case("villages:row_create", expect(coordinator=200), kwargs=own(kind="kumppanit")),
    Case("villages:row_edit", expect(coordinator=200), kwargs=own_partner, label="own partner"),
    Case(
        "villages:row_edit",
        expect(outsider=200),
        kwargs=foreign_partner,
        label="another municipality's partner",
    ),
    Case("villages:row_delete", expect(coordinator=302), kwargs=own_partner, method="post"),
    Case(
        "villages:row_delete",
        expect(outsider=302),
        kwargs=foreign_partner,
        method="post",
        label="another municipality's partner",
    ),
    Case(
        "villages:checklist_add",
        expect(outsider=302),
        kwargs=foreign(number=1),
        method="post",
        data=lambda w: {"text": "Uusi kohta"},
        label="another municipality's",
    ),
    Case(
        "villages:checklist_delete",
        expect(outsider=302),
        kwargs=foreign_checklist_item,
        method="post",
        label="another municipality's",
    ),
    Case(
        "villages:row_create",
        expect(outsider=200),
        kwargs=foreign(kind="kumppanit"),
        label="another municipality's",
    ),
    Case(
        "villages:association_phases",
        expect(outsider=302),
        kwargs=association("foreign_association"),
        method="post",
        data=lambda w: {"number": 3, "status": "done"},
        label="another municipality's association",
    ),
    Case(
        "villages:association_section",
        expect(outsider=200),
        kwargs=association("foreign_association", section="analyysi"),
        label="another municipality's association",
    ),
    Case(
        "villages:association_row_create",
        expect(coordinator=200),
        kwargs=association_rows("other_association", "kartoitus"),
        label="another association",
    ),
    Case(
        "villages:association_row_create",
        expect(outsider=200),
        kwargs=association_rows("foreign_association", "kartoitus"),
        label="another municipality's association",
    ),
    Case(
        "villages:association_row_edit",
        expect(outsider=200),
        kwargs=foreign_answer,
        label="another municipality's association",
    ),
    Case(
        "villages:association_row_delete",
        expect(outsider=302),
        kwargs=foreign_answer,
        method="post",
        label="another municipality's association",
    ),
]

PROGRAMME_LEVEL = (
    "belongs to a programme, which belongs to a municipality; rows of one association "
    "are edited under villages:association_row_*"
)
NOT_PER_ASSOCIATION = {
    name: PROGRAMME_LEVEL
    for name in (
        "villages:programme_detail",
        "villages:programme_edit",
        "villages:operating_model",
        "villages:raci_edit",
        "villages:import",
        "villages:phase_detail",
        "villages:checklist_save",
        "villages:checklist_add",
        "villages:checklist_delete",
        "villages:row_list",
        "villages:row_create",
        "villages:row_edit",
        "villages:row_delete",
    )
}
