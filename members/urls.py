"""Member pages."""

from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
