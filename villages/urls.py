from django.urls import path

from villages.views import board, data, phase_pages

app_name = "villages"

PROGRAMME = "<slug:slug>/"
PHASE = PROGRAMME + "vaihe/<int:number>/"
ASSOCIATION = PROGRAMME + "yhdistys/<int:pk>/"
ASSOCIATION_ROWS = PROGRAMME + "yhdistys/<int:association_pk>/<slug:kind>/"

urlpatterns = [
    path("", board.programme_overview, name="programme_overview"),
    path("kaikki/", board.programme_list, name="programme_list"),
    path("uusi/", phase_pages.programme_create, name="programme_create"),
    path(PROGRAMME, board.programme_detail, name="programme_detail"),
    path(PROGRAMME + "muokkaa/", phase_pages.programme_edit, name="programme_edit"),
    path(PROGRAMME + "toimintamalli/", phase_pages.operating_model, name="operating_model"),
    path(PROGRAMME + "raci/", phase_pages.raci_edit, name="raci_edit"),
    path(PROGRAMME + "tyottomat/tuonti/", phase_pages.unemployment_import, name="import"),
    path(PHASE, board.phase_detail, name="phase_detail"),
    path(PHASE + "tarkistuslista/", board.checklist_save, name="checklist_save"),
    path(PHASE + "tarkistuslista/uusi/", board.checklist_add, name="checklist_add"),
    path(
        PHASE + "tarkistuslista/<int:pk>/poista/",
        board.checklist_delete,
        name="checklist_delete",
    ),
    path(ASSOCIATION, data.association_detail, name="association_detail"),
    path(ASSOCIATION + "vaiheet/", phase_pages.association_phase_edit, name="association_phases"),
    path(ASSOCIATION + "<slug:section>/", data.association_section, name="association_section"),
    path(ASSOCIATION_ROWS + "uusi/", data.row_edit, name="association_row_create"),
    path(ASSOCIATION_ROWS + "<int:pk>/", data.row_edit, name="association_row_edit"),
    path(ASSOCIATION_ROWS + "<int:pk>/poista/", data.row_delete, name="association_row_delete"),
    path(PROGRAMME + "<slug:kind>/", data.row_list, name="row_list"),
    path(PROGRAMME + "<slug:kind>/uusi/", data.row_edit, name="row_create"),
    path(PROGRAMME + "<slug:kind>/<int:pk>/", data.row_edit, name="row_edit"),
    path(PROGRAMME + "<slug:kind>/<int:pk>/poista/", data.row_delete, name="row_delete"),
]
