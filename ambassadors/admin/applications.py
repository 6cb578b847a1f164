"""Applications in the admin console: the queue with the evidence and the average score, and
the decisions as actions (approve into the preferred tier, waitlist, decline with a message),
each through the services. Scoring is on the application's review page, linked from each row."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from ambassadors.admin.common import form_page, run_for_each
from ambassadors.models import AmbassadorApplication, Decision, Nomination
from ambassadors.selectors.applications import application_is_flagged, with_evidence, with_scores
from ambassadors.services.applications import application_decide
from hub.core.validation import CleanTextFormMixin


class DeclineForm(CleanTextFormMixin, forms.Form):
    message = forms.CharField(
        label="Message to the applicants",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sent with the decision: say why.",
    )


@admin.register(AmbassadorApplication)
class AmbassadorApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "applicant_name",
        "status",
        "preferred_tier",
        "submitted_at",
        "waiting_flag",
        "score",
        "answers",
        "content_pieces",
        "events_hosted",
        "active_months",
        "referrals",
        "nominations_received",
        "review_link",
    ]
    list_filter = ["status", "preferred_tier"]
    search_fields = ["applicant__email", "applicant__profile__display_name"]
    ordering = ["submitted_at", "pk"]
    list_per_page = 50
    readonly_fields = [
        "applicant",
        "preferred_tier",
        "motivation",
        "links",
        "audience",
        "hours_per_month",
        "status",
        "submitted_at",
        "decided_at",
        "approved_tier",
    ]
    fields = readonly_fields
    actions = ["approve_preferred", "waitlist", "decline"]

    def get_queryset(self, request):
        return with_evidence(
            with_scores(
                super().get_queryset(request).select_related("applicant__profile", "preferred_tier")
            ),
            member_field="applicant",
            now=timezone.now(),
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="applicant", ordering="applicant__profile__display_name")
    def applicant_name(self, obj):
        return obj.applicant.display_name

    @admin.display(description="over 14 days", boolean=True)
    def waiting_flag(self, obj):
        return application_is_flagged(obj, now=timezone.now())

    @admin.display(description="score (reviews)", ordering="average_score")
    def score(self, obj):
        if obj.average_score is None:
            return "—"
        return f"{obj.average_score:.1f} ({obj.review_count})"

    @admin.display(description="answers", ordering="answers")
    def answers(self, obj):
        return obj.answers

    @admin.display(description="content", ordering="content_pieces")
    def content_pieces(self, obj):
        return obj.content_pieces

    @admin.display(description="events hosted", ordering="events_hosted")
    def events_hosted(self, obj):
        return obj.events_hosted

    @admin.display(description="active months of 6", ordering="active_months")
    def active_months(self, obj):
        return obj.active_months

    @admin.display(description="referrals", ordering="referrals")
    def referrals(self, obj):
        return obj.referrals

    @admin.display(description="nominations", ordering="nominations_received")
    def nominations_received(self, obj):
        return obj.nominations_received

    @admin.display(description="review")
    def review_link(self, obj):
        return format_html(
            '<a href="{}">Score and decide</a>',
            reverse("ambassadors:manage_application", args=[obj.pk]),
        )

    def _decide(self, request, queryset, decision: str, done: str, **fields):
        run_for_each(
            self,
            request,
            queryset.select_related("preferred_tier").order_by("pk"),
            lambda application, now: application_decide(
                application=application,
                decision=decision,
                actor=request.user,
                now=now,
                **({"tier": application.preferred_tier} if decision == Decision.APPROVED else {}),
                **fields,
            ),
            done,
        )

    @admin.action(description="Approve the selected into the tier they asked for")
    def approve_preferred(self, request, queryset):
        self._decide(request, queryset, Decision.APPROVED, "Approved")

    @admin.action(description="Put the selected on the waitlist")
    def waitlist(self, request, queryset):
        self._decide(request, queryset, Decision.WAITLISTED, "Waitlisted")

    @admin.action(description="Decline the selected, with a message…")
    def decline(self, request, queryset):
        form = DeclineForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self._decide(
                request,
                queryset,
                Decision.DECLINED,
                "Declined",
                message=form.cleaned_data["message"],
            )
            return None
        return form_page(
            self,
            request,
            queryset,
            form=form,
            action="decline",
            title="Decline these applications",
            explain="Each applicant gets one email with your message.",
        )


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["nominee", "nominated_by", "created_at", "notified_at", "application"]
    list_select_related = ["nominee__profile", "nominated_by__profile", "application"]
    readonly_fields = [
        "nominee",
        "nominated_by",
        "reason",
        "created_at",
        "notified_at",
        "application",
    ]
    fields = readonly_fields
    ordering = ["-created_at", "-pk"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
