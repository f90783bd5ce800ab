"""URLs of the service-order pages, included from services/urls.py (names in `services:`)."""

from django.urls import path

from services import order_views as views
from services import public_views

ASSOCIATION = "yhdistys/<int:association_id>/"
MONTH = "<int:year>/<int:month>/"

urlpatterns = [
    path("tilaukset/", views.order_list, name="order_list"),
    path("tilaukset/uusi/", views.order_create, name="order_create"),
    path("tilaukset/<int:pk>/", views.order_detail, name="order_detail"),
    path("tilaukset/<int:pk>/aikataulu/", views.order_schedule, name="order_schedule"),
    path("tilaukset/<int:pk>/tekijat/", views.order_assign, name="order_assign"),
    path("tilaukset/<int:pk>/valmis/", views.order_complete, name="order_complete"),
    path("tilaukset/<int:pk>/palaute/", views.order_feedback, name="order_feedback"),
    path("tilaukset/<int:pk>/peru/", views.order_cancel, name="order_cancel"),
    path("asiakkaat/", views.customer_list, name="customer_list"),
    path("asiakkaat/uusi/", views.customer_edit, name="customer_create"),
    path("asiakkaat/<int:pk>/", views.customer_edit, name="customer_edit"),
    path(ASSOCIATION + "palveluvalikoima/", views.catalogue, name="catalogue"),
    path(ASSOCIATION + "palveluvalikoima/uusi/", views.service_edit, name="service_create"),
    path(ASSOCIATION + "palveluvalikoima/<int:pk>/", views.service_edit, name="service_edit"),
    path("viikko-ohjelma/", views.agenda_current, name="agenda_current"),
    path(ASSOCIATION + "viikko-ohjelma/<int:year>/<int:week>/", views.agenda, name="agenda"),
    path(ASSOCIATION + "toistuvat/", views.recurring_generate, name="recurring_generate"),
    path("laskut/", views.invoices_current, name="invoices_current"),
    path(ASSOCIATION + "laskut/" + MONTH, views.invoice_list, name="invoice_list"),
    path(ASSOCIATION + "laskut/" + MONTH + "laadi/", views.invoices_create, name="invoices_create"),
    path(
        ASSOCIATION + "laskut/" + MONTH + "laskut.<str:fmt>",
        views.invoice_month_export,
        name="invoice_month_export",
    ),
    path(ASSOCIATION + "laskut/<int:pk>/lasku.pdf", views.invoice_pdf, name="invoice_pdf"),
    path("tilaa/<int:association_id>/", public_views.public_request, name="public_request"),
    path(
        "tilaa/<int:association_id>/kiitos/",
        public_views.public_request_thanks,
        name="public_request_thanks",
    ),
]
