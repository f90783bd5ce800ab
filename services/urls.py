from django.urls import path

from services import views

app_name = "services"

urlpatterns = [
    path("viikko/", views.week, name="week"),
]
