from django.urls import include, path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("raportit/", include("evaluation.report_urls")),
]
