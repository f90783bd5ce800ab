from django.urls import path

from workers import views

app_name = "workers"

urlpatterns = [
    path("oma/", views.me, name="me"),
]
