"""The services app's URLs (names in `services:`): work hours, then service orders."""

from django.urls import include, path

app_name = "services"

urlpatterns = [
    path("", include("services.hours.urls")),
    path("", include("services.orders.urls")),
]
