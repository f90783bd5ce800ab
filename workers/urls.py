from django.urls import path

from workers.views import (
    activities,
    contracts,
    exits,
    imports,
    logins,
    personal_data,
    plans,
    workers,
)

app_name = "workers"

urlpatterns = [
    path("", workers.worker_list, name="list"),
    path("uusi/", workers.worker_create, name="create"),
    path("tuonti/", imports.worker_import, name="import"),
    path("oma/", workers.me, name="me"),
    path("<int:pk>/", workers.worker_detail, name="detail"),
    path("<int:pk>/muokkaa/", workers.worker_edit, name="edit"),
    path("<int:pk>/poista/", workers.worker_delete, name="delete"),
    path("<int:pk>/sopimus/", contracts.employment_create, name="employment_create"),
    path("<int:pk>/suunnitelma/", plans.plan_edit, name="plan"),
    path("<int:pk>/suunnitelma/tarkistus/", plans.plan_review_create, name="plan_review"),
    path("<int:pk>/kortit/", plans.licence_create, name="licence_create"),
    path("<int:pk>/suostumus/", personal_data.consent_create, name="consent_create"),
    path("<int:pk>/paattyminen/", exits.worker_exit, name="exit"),
    path("<int:pk>/tunnus/", logins.worker_login, name="login"),
    path("<int:pk>/tunnus/poista/", logins.worker_login_unlink, name="login_unlink"),
    path("<int:pk>/tapahtumat/", personal_data.worker_audit, name="audit"),
    path("<int:pk>/tiedot/", personal_data.worker_export, name="export"),
    path("<int:pk>/tiedot.json", personal_data.worker_export_json, name="export_json"),
    path("<int:pk>/anonymisoi/", personal_data.worker_anonymise, name="anonymise"),
    path("sopimus/<int:pk>/", contracts.employment_edit, name="employment_edit"),
    path("sopimus/<int:pk>/tukipaatos/", contracts.subsidy_decision_create, name="decision_create"),
    path("suostumus/<int:pk>/peru/", personal_data.consent_withdraw, name="consent_withdraw"),
    path("seuranta/<int:pk>/", exits.followup_record, name="followup"),
    path("ryhmatoiminta/", activities.activity_list, name="activities"),
    path("ryhmatoiminta/uusi/", activities.activity_create, name="activity_create"),
    path("ryhmatoiminta/<int:pk>/", activities.activity_edit, name="activity_edit"),
]
