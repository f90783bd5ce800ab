from django.urls import path

from workers import views

app_name = "workers"

urlpatterns = [
    path("", views.worker_list, name="list"),
    path("uusi/", views.worker_create, name="create"),
    path("tuonti/", views.worker_import, name="import"),
    path("oma/", views.me, name="me"),
    path("<int:pk>/", views.worker_detail, name="detail"),
    path("<int:pk>/muokkaa/", views.worker_edit, name="edit"),
    path("<int:pk>/poista/", views.worker_delete, name="delete"),
    path("<int:pk>/sopimus/", views.employment_create, name="employment_create"),
    path("<int:pk>/suunnitelma/", views.plan_edit, name="plan"),
    path("<int:pk>/suunnitelma/tarkistus/", views.plan_review_create, name="plan_review"),
    path("<int:pk>/kortit/", views.licence_create, name="licence_create"),
    path("<int:pk>/suostumus/", views.consent_create, name="consent_create"),
    path("<int:pk>/paattyminen/", views.worker_exit, name="exit"),
    path("<int:pk>/tunnus/", views.worker_login, name="login"),
    path("<int:pk>/tunnus/poista/", views.worker_login_unlink, name="login_unlink"),
    path("<int:pk>/tapahtumat/", views.worker_audit, name="audit"),
    path("<int:pk>/tiedot/", views.worker_export, name="export"),
    path("<int:pk>/tiedot.json", views.worker_export_json, name="export_json"),
    path("<int:pk>/anonymisoi/", views.worker_anonymise, name="anonymise"),
    path("sopimus/<int:pk>/", views.employment_edit, name="employment_edit"),
    path("sopimus/<int:pk>/tukipaatos/", views.subsidy_decision_create, name="decision_create"),
    path("suostumus/<int:pk>/peru/", views.consent_withdraw, name="consent_withdraw"),
    path("seuranta/<int:pk>/", views.followup_record, name="followup"),
    path("ryhmatoiminta/", views.activity_list, name="activities"),
    path("ryhmatoiminta/uusi/", views.activity_create, name="activity_create"),
    path("ryhmatoiminta/<int:pk>/", views.activity_edit, name="activity_edit"),
]
