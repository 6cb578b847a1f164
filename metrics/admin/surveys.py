"""The admin console's view of surveys: a read-only list with answer counts, each linking to
its results page. Surveys are created, edited and closed on the managers' pages
(/metrics/surveys/manage/), the one audited path; answers are not in the admin at all, so no
manager sees a name beside a score or a comment."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from metrics.models import Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "opens_at", "closes_at", "answer_count", "results_link"]
    list_filter = ["kind"]
    search_fields = ["title", "question"]
    date_hierarchy = "closes_at"
    list_select_related = ["event"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_count=Count("answers"))

    @admin.display(description="Answers", ordering="answer_count")
    def answer_count(self, obj) -> int:
        return obj.answer_count

    @admin.display(description="Results")
    def results_link(self, obj) -> str:
        url = reverse("metrics:survey_results", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">Results</a>', url)

    def get_view_on_site_url(self, obj=None):
        return reverse("metrics:survey_results", kwargs={"pk": obj.pk}) if obj else None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
