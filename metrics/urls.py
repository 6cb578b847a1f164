"""The metrics app's pages, mounted at /metrics/ (namespace `metrics`); one block an area."""

from django.urls import path

from metrics.views import digests, surveys

app_name = "metrics"

urlpatterns = [
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
