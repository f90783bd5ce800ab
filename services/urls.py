from django.urls import include, path

from services import views

app_name = "services"

MONTH = "kuukausi/<int:pk>/<int:year>-<int:month>/"

urlpatterns = [
    path("viikko/", views.week, name="week"),
    path("viikko/laitteelle/", views.offline_pages, name="offline_pages"),
    path("omat-tunnit/", views.my_hours, name="my_hours"),
    path("viikko/<int:pk>/arvio/", views.week_review, name="week_review"),
    path("hyvaksynta/", views.approvals, name="approvals"),
    path(MONTH, views.month, name="month"),
    path(MONTH + "laheta/", views.month_submit, name="month_submit"),
    path(MONTH + "lukitse/", views.month_lock, name="month_lock"),
    path(
        MONTH + "<str:kind>.<str:fmt>",
        views.export,
        name="export",
    ),
    path("tunnit/<int:pk>/korjaa/", views.amend, name="amend"),
    path(
        "tunnit/lisaa/<int:employment>/<int:year>-<int:month>-<int:day>/<str:task>/",
        views.add_late,
        name="add_late",
    ),
    path("korjaukset/<int:pk>/", views.amendment_review, name="amendment_review"),
    path("tuonti/", views.import_hours, name="import"),
    path("", include("services.order_urls")),
]
