"""The admin console for membership: members (search, filters, tier changes and locks, badges,
CSV export), the engagement tiers and their benefits, the promotion rules, and the daily job's
tier suggestions to accept or dismiss.

Members are neither added nor deleted here: they sign up (or are imported), and leaving goes
through the member's own leave flow so that history stays and personal data goes.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, OuterRef, Subquery
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from hub.core.errors import DomainError
from hub.core.text import counted, noun_for
from hub.core.timeutils import community_zone, month_bounds
from hub.core.validation import CleanTextFormMixin
from members.admin.base import ServiceAdmin
from members.forms.profiles import ProfileForm
from members.models import (
    Badge,
    Profile,
    PromotionRule,
    Tier,
    TierMembership,
    TierSuggestion,
    User,
)
from members.selectors.membership import RECENT_DAYS
from members.services.membership import (
    member_active_set,
    member_tier_lock,
    members_csv_export,
    promotion_rule_delete,
    promotion_rule_save,
    tier_change,
    tier_save,
    tier_suggestion_accept,
    tier_suggestion_dismiss,
)
from members.services.profiles import EDITABLE_FIELDS, profile_update_by_manager
from members.services.recognition import badge_award


class TierFilter(admin.SimpleListFilter):
    title = "current tier"
    parameter_name = "tier"

    def lookups(self, request, model_admin):
        return [(str(tier.pk), tier.name) for tier in Tier.objects.order_by("level")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(
            tier_history__ended_at__isnull=True, tier_history__tier_id=self.value()
        )


class JoinedMonthFilter(admin.SimpleListFilter):
    title = "joined in"
    parameter_name = "joined_month"

    def lookups(self, request, model_admin):
        months = User.objects.filter(joined_at__isnull=False).datetimes(
            "joined_at", "month", order="DESC", tzinfo=community_zone()
        )
        return [(f"{month:%Y-%m}", f"{month:%B %Y}") for month in months]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year, month = (int(part) for part in self.value().split("-"))
            start, end = month_bounds(timezone.datetime(year, month, 1).date())
        except (TypeError, ValueError):
            return queryset.none()
        return queryset.filter(joined_at__gte=start, joined_at__lt=end)


class MembershipStatusFilter(admin.SimpleListFilter):
    title = "membership"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("current", "Current members"),
            ("recent", f"Joined in the last {RECENT_DAYS} days"),
            ("left", "Left"),
            ("not_joined", "Signed up, email not confirmed"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "current":
            return queryset.current(now)
        if self.value() == "recent":
            return queryset.current(now).filter(joined_at__gt=now - timedelta(days=RECENT_DAYS))
        if self.value() == "left":
            return queryset.filter(left_at__lte=now)
        if self.value() == "not_joined":
            return queryset.awaiting_confirmation()
        return queryset


class ProfileInline(admin.StackedInline):
    """The member's profile, with the same form and rules as their own profile page; saved
    through `profile_update_by_manager` (see `MemberAdmin.save_formset`)."""

    model = Profile
    form = ProfileForm
    can_delete = False
    fields = [*EDITABLE_FIELDS, "skills"]


class TierHistoryInline(admin.TabularInline):
    model = TierMembership
    fk_name = "member"
    fields = ["tier", "from_tier", "started_at", "ended_at", "changed_by", "reason"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    verbose_name_plural = "tier history (change it with “Change tier…” above)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("member__profile", "tier", "from_tier", "changed_by__profile")
        )


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y") if moment else "-"


class ChangeTierForm(CleanTextFormMixin, forms.Form):
    tier = forms.ModelChoiceField(
        queryset=Tier.objects.order_by("level"), empty_label=None, label="New tier"
    )
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown in the member's tier history, for example “Leads the Kyiv group”.",
        error_messages={"required": "Say why: the reason is kept in the tier history."},
    )


class AwardBadgeForm(CleanTextFormMixin, forms.Form):
    badge = forms.ModelChoiceField(
        queryset=Badge.objects.order_by("name"), label="Badge", empty_label=None
    )
    occasion = forms.CharField(
        max_length=50,
        required=False,
        help_text="Only for a repeatable badge: what this award is for, for example 2026-03.",
    )
    reason = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(User)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["member", "current_tier", "joined", "left", "tier_locked", "manager"]
    list_filter = [TierFilter, JoinedMonthFilter, MembershipStatusFilter, "tier_locked", "is_staff"]
    search_fields = ["email", "profile__display_name", "profile__skills__name"]
    ordering = ["-joined_at", "pk"]
    list_per_page = 50
    fields = [
        "email",
        "tier",
        "is_active",
        "date_joined",
        "joined_at",
        "left_at",
        "tier_locked",
        "is_staff",
        "last_login",
    ]
    readonly_fields = [
        "email",
        "tier",
        "date_joined",
        "joined_at",
        "left_at",
        "tier_locked",
        "is_staff",
        "last_login",
    ]
    inlines = [ProfileInline, TierHistoryInline]
    actions = ["change_tier", "lock_tier", "unlock_tier", "award_badge", "export_csv"]

    def get_queryset(self, request):
        open_row = TierMembership.objects.filter(member=OuterRef("pk"), ended_at__isnull=True)
        return (
            super()
            .get_queryset(request)
            .select_related("profile")
            .annotate(
                current_tier_name=Subquery(open_row.values("tier__name")[:1]),
                current_tier_level=Subquery(
                    open_row.values("tier__level")[:1], output_field=IntegerField()
                ),
            )
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="member", ordering="profile__display_name")
    def member(self, obj):
        return format_html("{}<span class='admin-small'>{}</span>", obj.display_name, obj.email)

    @admin.display(description="joined", ordering="joined_at")
    def joined(self, obj) -> str:
        return _day(obj.joined_at)

    @admin.display(description="left", ordering="left_at")
    def left(self, obj) -> str:
        return _day(obj.left_at)

    @admin.display(description="manager", boolean=True, ordering="is_staff")
    def manager(self, obj) -> bool:
        return obj.is_staff

    @admin.display(description="tier")
    def tier(self, obj):
        if obj.pk is None:
            return "-"
        return format_html(
            '{} <a class="button" href="{}">Change tier…</a>'
            "<span class='admin-small'>With a reason, kept in the tier history below.</span>",
            obj.current_tier_name or "No tier",
            reverse("admin:members_user_change_tier", args=[obj.pk]),
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/change-tier/",
                self.admin_site.admin_view(self.change_tier_view),
                name="members_user_change_tier",
            ),
            *super().get_urls(),
        ]

    def change_tier_view(self, request, object_id: int):
        """One member's tier, from their page: the new tier and the reason, then back."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        member = self.get_queryset(request).filter(pk=object_id).first()
        if member is None:
            raise Http404("No such member.")
        form = ChangeTierForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                tier_change(
                    member=member,
                    tier=form.cleaned_data["tier"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    now=timezone.now(),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request, f"Moved {member.display_name} to {form.cleaned_data['tier'].name}."
                )
                return HttpResponseRedirect(reverse("admin:members_user_change", args=[member.pk]))
        return TemplateResponse(
            request,
            "members/admin_member_change_tier.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Change the tier of {member.display_name}",
                "member": member,
                "form": form,
                "opts": self.model._meta,
            },
            status=400 if form.errors else 200,
        )

    @admin.display(description="tier", ordering="current_tier_level")
    def current_tier(self, obj):
        return obj.current_tier_name or "—"

    def save_model(self, request, obj, form, change):
        """The one editable field is `is_active` (whether the account may log in)."""
        if "is_active" not in form.changed_data:
            return
        try:
            member_active_set(
                member=obj, active=obj.is_active, actor=request.user, now=timezone.now()
            )
        except DomainError as error:
            self.message_user(request, f"Nothing was saved: {error.message}", messages.ERROR)

    def save_formset(self, request, form, formset, change):
        """The profile inline goes through `profile_update_by_manager` (validated, audited);
        the tier history inline is read-only."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is not Profile:
            return
        for profile_form in formset.forms:
            if not profile_form.has_changed():
                continue
            try:
                changed = profile_update_by_manager(
                    member=form.instance,
                    actor=request.user,
                    skills=profile_form.skill_names(),
                    now=timezone.now(),
                    **profile_form.profile_fields(),
                )
            except DomainError as error:
                self.message_user(request, f"Profile not saved: {error.message}", messages.ERROR)
                continue
            if changed:
                formset.changed_objects.append((form.instance.profile, changed))

    def _intermediate(self, request, queryset, *, form, action, title, template):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "members": queryset,
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, template, context)

    @admin.action(description="Change tier of the selected members…")
    def change_tier(self, request, queryset):
        form = ChangeTierForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            tier, reason, now = (
                form.cleaned_data["tier"],
                form.cleaned_data["reason"],
                timezone.now(),
            )
            moved, refused = 0, []
            for member in queryset.order_by("pk"):
                try:
                    tier_change(
                        member=member, tier=tier, actor=request.user, reason=reason, now=now
                    )
                    moved += 1
                except DomainError as error:
                    refused.append(error.message)
            if moved:
                self.message_user(request, f"Moved {counted(moved, 'member')} to {tier.name}.")
            for message in refused:
                self.message_user(request, message, messages.WARNING)
            return None
        return self._intermediate(
            request,
            queryset,
            form=form,
            action="change_tier",
            title="Change the tier of these members",
            template="members/manage_change_tier.html",
        )

    def _set_lock(self, request, queryset, *, locked: bool):
        now = timezone.now()
        changed = sum(
            member_tier_lock(member=member, locked=locked, actor=request.user, now=now)
            for member in queryset.order_by("pk")
        )
        word = "Locked" if locked else "Unlocked"
        unchanged = queryset.count() - changed
        self.message_user(
            request,
            f"{word} the tier of {counted(changed, 'member')}"
            + (
                f"; {unchanged} already {noun_for(unchanged, 'was', 'were')} {word.lower()}."
                if unchanged
                else "."
            ),
        )

    @admin.action(description="Lock the tier of the selected members (no suggestions)")
    def lock_tier(self, request, queryset):
        self._set_lock(request, queryset, locked=True)

    @admin.action(description="Unlock the tier of the selected members")
    def unlock_tier(self, request, queryset):
        self._set_lock(request, queryset, locked=False)

    @admin.action(description="Award a badge to the selected members…")
    def award_badge(self, request, queryset):
        form = AwardBadgeForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            badge, now = form.cleaned_data["badge"], timezone.now()
            awarded, refused = 0, []
            for member in queryset.order_by("pk"):
                try:
                    badge_award(
                        badge=badge,
                        member=member,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                        occasion=form.cleaned_data["occasion"],
                        now=now,
                    )
                    awarded += 1
                except DomainError as error:
                    refused.append(error.message)
            if awarded:
                self.message_user(
                    request, f"Awarded “{badge.name}” to {counted(awarded, 'member')}."
                )
            for message in refused:
                self.message_user(request, message, messages.WARNING)
            return None
        return self._intermediate(
            request,
            queryset,
            form=form,
            action="award_badge",
            title="Award a badge to these members",
            template="members/manage_award_badge.html",
        )

    @admin.action(description="Export the selected members as CSV")
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="members.csv"'
        members_csv_export(
            members=queryset, stream=response, actor=request.user, now=timezone.now()
        )
        return response


class TierForm(CleanTextFormMixin, forms.ModelForm):
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
class TierAdmin(ServiceAdmin):
    form = TierForm
    list_display = ["level", "name", "pricing", "revenue_share_percent", "benefit_count"]
    list_display_links = ["name"]
    ordering = ["level"]

    @admin.display(description="benefits")
    def benefit_count(self, obj):
        return len(obj.benefits)

    def changed_fields(self, form) -> list[str]:
        return ["benefits" if name == "benefits_text" else name for name in form.changed_data]

    # Tiers are not deleted: tier history refers to them, and the levels are the strategy's.
    def save_through_service(self, *, obj, fields, actor, now):
        tier_save(tier=obj, fields=fields, actor=actor, now=now)


class PromotionRuleForm(CleanTextFormMixin, forms.ModelForm):
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
class PromotionRuleAdmin(ServiceAdmin):
    form = PromotionRuleForm
    list_display = [
        "tier",
        "window_days",
        "min_active_days",
        "min_contributions",
        "demotion_ratio_percent",
    ]
    list_select_related = ["tier"]

    def save_through_service(self, *, obj, fields, actor, now):
        promotion_rule_save(rule=obj, fields=fields, actor=actor, now=now)

    def delete_through_service(self, *, obj, actor, now):
        promotion_rule_delete(rule=obj, actor=actor, now=now)


def evidence_in_words(evidence: dict) -> str:
    """ "active on 12 days of the 8 needed, 3 contributions of the 2 needed, in the last 90
    days": what the daily job saw, as a manager would say it."""
    if "active_days" not in (evidence or {}):
        return "No numbers recorded"
    return (
        f"active on {evidence['active_days']} days of the {evidence['min_active_days']} needed, "
        f"{evidence['contributions']} contributions of the {evidence['min_contributions']} "
        f"needed, in the last {evidence['window_days']} days"
    )


@admin.register(TierSuggestion)
class TierSuggestionAdmin(admin.ModelAdmin):
    list_display = ["member", "change", "numbers", "created", "status", "decided_by"]
    list_filter = ["status", "direction", "to_tier"]
    list_select_related = ["member__profile", "from_tier", "to_tier", "decided_by__profile"]
    search_fields = ["member__email", "member__profile__display_name"]
    fields = [
        "member",
        "change",
        "evidence_table",
        "created_at",
        "status",
        "decided_at",
        "decided_by",
        "decide",
    ]
    readonly_fields = fields
    ordering = ["status", "-created_at"]
    actions = ["accept", "dismiss"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        title = "Tier suggestions: open one, or select some and accept or dismiss them"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    @admin.display(description="suggested change")
    def change(self, obj) -> str:
        return f"{obj.from_tier} → {obj.to_tier} ({obj.get_direction_display().lower()})"

    @admin.display(description="why")
    def numbers(self, obj) -> str:
        return evidence_in_words(obj.evidence).capitalize()

    @admin.display(description="suggested", ordering="created_at")
    def created(self, obj) -> str:
        return timezone.localtime(obj.created_at).strftime("%d %b %Y")

    @admin.display(description="what the daily job saw")
    def evidence_table(self, obj):
        evidence = obj.evidence or {}
        if "active_days" not in evidence:
            return "No numbers recorded."
        window = evidence["window_days"]
        rows = [
            (
                f"Days active in the last {window} days",
                evidence["active_days"],
                evidence["min_active_days"],
            ),
            (
                f"Contributions in the last {window} days",
                evidence["contributions"],
                evidence["min_contributions"],
            ),
        ]
        body = format_html_join("", "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>", rows)
        rule = evidence.get("rule_tier", "")
        note = (
            f"The rule of {rule}"
            + (
                f"; a demotion is suggested below {evidence['demotion_ratio_percent']} % of it"
                if obj.direction == TierSuggestion.Direction.DEMOTE
                and "demotion_ratio_percent" in evidence
                else ""
            )
            + "."
        )
        return format_html(
            "<table class='admin-evidence'><thead><tr><th scope='col'>Measure</th>"
            "<th scope='col'>The member</th><th scope='col'>The rule needs</th></tr></thead>"
            "<tbody>{}</tbody></table><span class='admin-small'>{}</span>",
            body,
            note,
        )

    @admin.display(description="decide")
    def decide(self, obj):
        if obj.status != TierSuggestion.Status.PENDING:
            return "Decided."
        return format_html(
            '<a class="button" href="{}">Accept…</a> <a class="button" href="{}">Dismiss…</a>'
            "<span class='admin-small'>You confirm on the next page.</span>",
            reverse("admin:members_tiersuggestion_decide", args=[obj.pk, "accept"]),
            reverse("admin:members_tiersuggestion_decide", args=[obj.pk, "dismiss"]),
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/decide/<str:action>/",
                self.admin_site.admin_view(self.decide_view),
                name="members_tiersuggestion_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, object_id: int, action: str):
        """One suggestion from its page: the same confirmation as the list's actions."""
        if action not in DECISIONS or not self.has_change_permission(request):
            raise PermissionDenied
        if request.method not in {"GET", "POST"}:
            return HttpResponseNotAllowed(["GET", "POST"])
        queryset = TierSuggestion.objects.filter(pk=object_id)
        if not queryset.exists():
            raise Http404("No such suggestion.")
        service, verb = DECISIONS[action]
        response = self._decide(request, queryset, service=service, verb=verb, action=action)
        return response or HttpResponseRedirect(reverse("admin:members_tiersuggestion_changelist"))

    def _decide(self, request, queryset, *, service, verb: str, action: str):
        """Ask first (a page listing each suggestion in words), then decide each one."""
        suggestions = list(
            queryset.select_related("member__profile", "from_tier", "to_tier").order_by("pk")
        )
        if "apply" not in request.POST:
            return TemplateResponse(
                request,
                "members/tier_suggestion_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": f"{verb} these tier suggestions?",
                    "verb": verb,
                    "action": action,
                    "rows": [
                        (item, self.change(item), evidence_in_words(item.evidence))
                        for item in suggestions
                    ],
                    "action_checkbox_name": ACTION_CHECKBOX_NAME,
                    "opts": self.model._meta,
                },
            )
        now, done, refused = timezone.now(), 0, []
        for suggestion in suggestions:
            try:
                service(suggestion=suggestion, actor=request.user, now=now)
                done += 1
            except DomainError as error:
                refused.append(f"{suggestion.member}: {error.message}")
        if done:
            past = "Accepted" if action == "accept" else "Dismissed"
            self.message_user(request, f"{past} {counted(done, 'suggestion')}.")
        for message in refused:
            self.message_user(request, message, messages.WARNING)
        return None

    @admin.action(description="Accept: move the members to the suggested tier…")
    def accept(self, request, queryset):
        service, verb = DECISIONS["accept"]
        return self._decide(request, queryset, service=service, verb=verb, action="accept")

    @admin.action(description="Dismiss: leave the members in their tier…")
    def dismiss(self, request, queryset):
        service, verb = DECISIONS["dismiss"]
        return self._decide(request, queryset, service=service, verb=verb, action="dismiss")


DECISIONS = {
    "accept": (tier_suggestion_accept, "Accept"),
    "dismiss": (tier_suggestion_dismiss, "Dismiss"),
}
