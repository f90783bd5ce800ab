"""URLs of the PDF impact reports, included under evaluation's namespace."""

from django.urls import path

from evaluation import report_views as views

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("<int:pk>/", views.report_job, name="report_job"),
    path("<int:pk>/tila/", views.report_job_status, name="report_job_status"),
    path("<int:pk>/lataa/", views.report_download, name="report_download"),
    path("<int:pk>/uudelleen/", views.report_rerun, name="report_rerun"),
    path("ajastukset/", views.schedule_list, name="report_schedules"),
    path("ajastukset/<int:pk>/lopeta/", views.schedule_stop, name="report_schedule_stop"),
]
