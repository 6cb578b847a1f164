"""Metrics endpoints under /api/v1/ (one block an area)."""

from django.urls import path

from metrics.api import views

urlpatterns = [
    # --- Snapshots ---
    path("metrics/monthly/", views.MonthlySnapshotListView.as_view(), name="metrics_monthly"),
]
