"""Member pages."""

from django.urls import path

from members.views import dashboard

app_name = "members"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
