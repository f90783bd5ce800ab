"""URLs of the work-hour pages, included from services/urls.py (names in `services:`)."""

from django.urls import path

from services.hours.views import approval, corrections, files, my_hours, week

MONTH = "kuukausi/<int:pk>/<int:year>-<int:month>/"

urlpatterns = [
    path("viikko/", week.week, name="week"),
    path("viikko/laitteelle/", week.offline_pages, name="offline_pages"),
    path("omat-tunnit/", my_hours.my_hours, name="my_hours"),
    path("viikko/<int:pk>/arvio/", approval.week_review, name="week_review"),
    path("hyvaksynta/", approval.approvals, name="approvals"),
    path(MONTH, approval.month, name="month"),
    path(MONTH + "laheta/", approval.month_submit, name="month_submit"),
    path(MONTH + "lukitse/", approval.month_lock, name="month_lock"),
    path(
        MONTH + "<str:kind>.<str:fmt>",
        files.export,
        name="export",
    ),
    path("tunnit/<int:pk>/korjaa/", corrections.amend, name="amend"),
    path(
        "tunnit/lisaa/<int:employment>/<int:year>-<int:month>-<int:day>/<str:task>/",
        corrections.add_late,
        name="add_late",
    ),
    path("korjaukset/<int:pk>/", corrections.amendment_review, name="amendment_review"),
    path("tuonti/", files.import_hours, name="import"),
]
