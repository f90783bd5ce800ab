from django.urls import path

from villages import views

app_name = "villages"

urlpatterns = [
    path("", views.programme_overview, name="programme_overview"),
    path("kaikki/", views.programme_list, name="programme_list"),
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
]
