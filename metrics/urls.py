"""The metrics app's pages, mounted at /metrics/ (namespace `metrics`); one block an area."""

from django.urls import path

from metrics.views import (
    cohorts,
    dashboard,
    digests,
    exports,
    public,
    reports,
    snapshots,
    surveys,
)

app_name = "metrics"

urlpatterns = [
    # --- Snapshots, cohorts, the dashboard and the public numbers (metrics.views.dashboard,
    # snapshots, cohorts, exports, public) ---
    path("", dashboard.dashboard, name="dashboard"),
    path("months/<str:month>/", snapshots.month_detail, name="month_detail"),
    path("months/<str:month>/restate/", snapshots.month_restate, name="month_restate"),
    path("attribution/", cohorts.attribution, name="attribution"),
    path("snapshots.csv", exports.snapshots_csv, name="snapshots_csv"),
    path("snapshots.json", exports.snapshots_json, name="snapshots_json"),
    path("cohorts.csv", exports.cohorts_csv, name="cohorts_csv"),
    path("cohorts.json", exports.cohorts_json, name="cohorts_json"),
    path("community/", public.public_numbers_page, name="public_numbers"),
    # --- Monthly reports (metrics.views.reports) ---
    path("reports/", reports.report_list, name="report_list"),
    path("reports/<str:month>/", reports.report_detail, name="report_detail"),
    # --- Surveys and the weekly digest (metrics.views.surveys, metrics.views.digests) ---
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/<int:pk>/", surveys.survey_answer, name="survey_answer"),
    path("surveys/manage/", surveys.survey_manage_list, name="survey_manage_list"),
    path("surveys/manage/new/", surveys.survey_create, name="survey_create"),
    path("surveys/manage/<int:pk>/", surveys.survey_results, name="survey_results"),
    path("surveys/manage/<int:pk>/edit/", surveys.survey_edit, name="survey_edit"),
    path("surveys/manage/<int:pk>/close/", surveys.survey_close, name="survey_close"),
    path(
        "digest/unsubscribe/<str:token>/",
        digests.digest_unsubscribe_page,
        name="digest_unsubscribe",
    ),
]
