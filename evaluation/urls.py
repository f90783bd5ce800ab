from django.urls import include, path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("raportit/", include("evaluation.report_urls")),
    path("laskenta/<slug:key>/", views.explain, name="explain"),
    path("tyontekijat/", views.worker_figures, name="worker_figures"),
    path("arvioitavat/", views.due, name="due"),
    path("omat-arviot/", views.my_assessments, name="my_assessments"),
    path(
        "omat-arviot/<int:instrument_id>/<str:timepoint>/",
        views.my_assessment_answer,
        name="my_assessment_answer",
    ),
    path("tyontekija/<int:worker_id>/", views.worker_assessments, name="worker_assessments"),
    path(
        "tyontekija/<int:worker_id>/kirjaa/<int:instrument_id>/",
        views.assessment_record,
        name="assessment_record",
    ),
    path("tyontekija/<int:worker_id>/linkki/", views.assessment_link, name="assessment_link"),
    path(
        "tyontekija/<int:worker_id>/toimeentulotuki/",
        views.social_assistance,
        name="social_assistance",
    ),
    path(
        "tyontekija/<int:worker_id>/toimeentulotuki/<int:pk>/poista/",
        views.social_assistance_delete,
        name="social_assistance_delete",
    ),
    path("vastaa/<str:token>/", views.self_assessment, name="self_assessment"),
    path("mittarit/<slug:slug>/", views.metrics, name="metrics"),
    path("mittarit/<slug:slug>/<int:pk>/", views.metric_edit, name="metric_edit"),
    path("mittarit/<slug:slug>/<int:pk>/poista/", views.metric_delete, name="metric_delete"),
    path("mittaristot/", views.instruments, name="instruments"),
    path("mittaristot/uusi/", views.instrument_create, name="instrument_create"),
    path("sroi/", views.sroi_proxies, name="sroi_proxies"),
    path("sroi/<int:pk>/", views.sroi_proxy_edit, name="sroi_proxy_edit"),
    path("parametrit/", views.parameter_sets, name="parameter_sets"),
    path("parametrit/<int:pk>/", views.parameter_set_detail, name="parameter_set"),
    path("parametrit/<int:pk>/poista/", views.parameter_set_delete, name="parameter_set_delete"),
]
