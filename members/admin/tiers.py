"""The admin console for engagement tiers: the tiers and their benefits, promotion rules,
points per activity kind, and the daily job's tier suggestions to accept or dismiss."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from members.models import ActivityPoints, PromotionRule, Tier, TierSuggestion
from members.services.tiers import tier_suggestion_accept, tier_suggestion_dismiss


class AuditedSaveMixin:
    """Every manager edit of a setting leaves an audit entry saying what changed."""

    audit_action = "settings.edit"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and not form.changed_data:
            return
        audit_record(
            actor=request.user,
            action=self.audit_action,
            target=obj,
            now=timezone.now(),
            data={
                "verb": "changed" if change else "added",
                "what": f"{obj._meta.verbose_name} {obj}",
                "fields": ", ".join(form.changed_data),
                "values": {name: str(form.cleaned_data.get(name)) for name in form.changed_data},
            },
        )


class TierForm(forms.ModelForm):
    benefits_text = forms.CharField(
        label="Benefits",
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="One benefit a line, as members see them on their dashboard.",
    )

    class Meta:
        model = Tier
        fields = [
            "level",
            "name",
            "slug",
            "pricing",
            "description",
            "revenue_share_min_percent",
            "revenue_share_max_percent",
            "revenue_share_percent",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["benefits_text"] = "\n".join(self.instance.benefits)

    def clean_benefits_text(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["benefits_text"].splitlines()]
        benefits = [line for line in lines if line]
        if not benefits:
            raise forms.ValidationError("List at least one benefit.")
        return benefits

    def save(self, commit=True):
        self.instance.benefits = self.cleaned_data["benefits_text"]
        return super().save(commit=commit)


@admin.register(Tier)
class TierAdmin(AuditedSaveMixin, admin.ModelAdmin):
    audit_action = "tier.edit"
    form = TierForm
    list_display = ["level", "name", "pricing", "revenue_share_percent", "benefit_count"]
    list_display_links = ["name"]
    ordering = ["level"]

    @admin.display(description="benefits")
    def benefit_count(self, obj):
        return len(obj.benefits)

    def has_delete_permission(self, request, obj=None):
        # Tier history refers to tiers: a tier in use cannot go, and the levels are the strategy's.
        return False


class PromotionRuleForm(forms.ModelForm):
    class Meta:
        model = PromotionRule
        fields = [
            "tier",
            "window_days",
            "min_active_days",
            "min_contributions",
            "demotion_ratio_percent",
        ]

    def clean_window_days(self) -> int:
        days = self.cleaned_data["window_days"]
        if days < 1 or days > 730:
            raise forms.ValidationError("The window is between 1 and 730 days.")
        return days

    def clean_demotion_ratio_percent(self) -> int:
        ratio = self.cleaned_data["demotion_ratio_percent"]
        if ratio > 100:
            raise forms.ValidationError("The demotion ratio is a percentage: at most 100.")
        return ratio


@admin.register(PromotionRule)
class PromotionRuleAdmin(AuditedSaveMixin, admin.ModelAdmin):
    audit_action = "promotion_rule.edit"
    form = PromotionRuleForm
    list_display = [
        "tier",
        "window_days",
        "min_active_days",
        "min_contributions",
        "demotion_ratio_percent",
    ]
    list_select_related = ["tier"]


@admin.register(ActivityPoints)
class ActivityPointsAdmin(AuditedSaveMixin, admin.ModelAdmin):
    audit_action = "activity_points.edit"
    list_display = ["kind", "points"]
    list_editable = ["points"]

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj else []


@admin.register(TierSuggestion)
class TierSuggestionAdmin(admin.ModelAdmin):
    list_display = [
        "member",
        "direction",
        "from_tier",
        "to_tier",
        "numbers",
        "created_at",
        "status",
        "decided_by",
    ]
    list_filter = ["status", "direction", "to_tier"]
    list_select_related = ["member__profile", "from_tier", "to_tier", "decided_by__profile"]
    search_fields = ["member__email", "member__profile__display_name"]
    readonly_fields = [
        "member",
        "from_tier",
        "to_tier",
        "direction",
        "evidence",
        "created_at",
        "status",
        "decided_at",
        "decided_by",
    ]
    ordering = ["status", "-created_at"]
    actions = ["accept", "dismiss"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="activity in the window")
    def numbers(self, obj):
        evidence = obj.evidence or {}
        if "active_days" not in evidence:
            return "—"
        return format_html(
            "{} of {} days active, {} of {} contributions in {} days",
            evidence["active_days"],
            evidence["min_active_days"],
            evidence["contributions"],
            evidence["min_contributions"],
            evidence["window_days"],
        )

    def _decide(self, request, queryset, service, verb):
        now, done, refused = timezone.now(), 0, []
        for suggestion in queryset.order_by("pk"):
            try:
                service(suggestion=suggestion, actor=request.user, now=now)
                done += 1
            except DomainError as error:
                refused.append(f"#{suggestion.pk}: {error.message}")
        if done:
            self.message_user(request, f"{verb} {done} suggestion(s).")
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description="Accept: move the members to the suggested tier")
    def accept(self, request, queryset):
        self._decide(request, queryset, tier_suggestion_accept, "Accepted")

    @admin.action(description="Dismiss: leave the members in their tier")
    def dismiss(self, request, queryset):
        self._decide(request, queryset, tier_suggestion_dismiss, "Dismissed")
