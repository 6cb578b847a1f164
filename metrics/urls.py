"""The metrics app's pages, mounted at /metrics/ (namespace `metrics`); one block an area."""

app_name = "metrics"

urlpatterns: list = [
    # --- Surveys and the weekly digest (metrics.views.surveys, metrics.views.digests) ---
]
