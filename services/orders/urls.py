"""URLs of the service-order pages, included from services/urls.py (names in `services:`)."""

from django.urls import path

from services.orders.views import agenda, catalogue, customers, invoices, orders, public

ASSOCIATION = "yhdistys/<int:association_id>/"
MONTH = "<int:year>/<int:month>/"

urlpatterns = [
    path("tilaukset/", orders.order_list, name="order_list"),
    path("tilaukset/uusi/", orders.order_create, name="order_create"),
    path("tilaukset/<int:pk>/", orders.order_detail, name="order_detail"),
    path("tilaukset/<int:pk>/aikataulu/", orders.order_schedule, name="order_schedule"),
    path("tilaukset/<int:pk>/tekijat/", orders.order_assign, name="order_assign"),
    path("tilaukset/<int:pk>/valmis/", orders.order_complete, name="order_complete"),
    path("tilaukset/<int:pk>/palaute/", orders.order_feedback, name="order_feedback"),
    path("tilaukset/<int:pk>/peru/", orders.order_cancel, name="order_cancel"),
    path("asiakkaat/", customers.customer_list, name="customer_list"),
    path("asiakkaat/uusi/", customers.customer_edit, name="customer_create"),
    path("asiakkaat/<int:pk>/", customers.customer_edit, name="customer_edit"),
    path(ASSOCIATION + "palveluvalikoima/", catalogue.catalogue, name="catalogue"),
    path(ASSOCIATION + "palveluvalikoima/uusi/", catalogue.service_edit, name="service_create"),
    path(ASSOCIATION + "palveluvalikoima/<int:pk>/", catalogue.service_edit, name="service_edit"),
    path("viikko-ohjelma/", agenda.agenda_current, name="agenda_current"),
    path(ASSOCIATION + "viikko-ohjelma/<int:year>/<int:week>/", agenda.agenda, name="agenda"),
    path(ASSOCIATION + "toistuvat/", agenda.recurring_generate, name="recurring_generate"),
    path("laskut/", invoices.invoices_current, name="invoices_current"),
    path(ASSOCIATION + "laskut/" + MONTH, invoices.invoice_list, name="invoice_list"),
    path(
        ASSOCIATION + "laskut/" + MONTH + "laadi/", invoices.invoices_create, name="invoices_create"
    ),
    path(
        ASSOCIATION + "laskut/" + MONTH + "laskut.<str:fmt>",
        invoices.invoice_month_export,
        name="invoice_month_export",
    ),
    path(ASSOCIATION + "laskut/<int:pk>/lasku.pdf", invoices.invoice_pdf, name="invoice_pdf"),
    path("tilaa/<int:association_id>/", public.public_request, name="public_request"),
    path(
        "tilaa/<int:association_id>/kiitos/",
        public.public_request_thanks,
        name="public_request_thanks",
    ),
]
