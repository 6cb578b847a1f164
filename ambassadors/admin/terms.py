"""Ambassadors in the admin console: each with their tier, term, buddy, onboarding progress
and commitment status, and the actions renew, move to another tier and end the term, each
through the services (and so audited)."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from ambassadors.admin.common import form_page, run_for_each
from ambassadors.models import Ambassador, AmbassadorTier
from ambassadors.selectors.terms import with_programme_status
from ambassadors.services.terms import term_end, term_move, term_renew
from hub.core.validation import CleanTextFormMixin
from members.models import User


class MoveForm(CleanTextFormMixin, forms.Form):
    tier = forms.ModelChoiceField(
        queryset=AmbassadorTier.objects.order_by("level"), empty_label=None, label="New tier"
    )
    note = forms.CharField(max_length=500, required=False, label="Note for the history")


class EndForm(CleanTextFormMixin, forms.Form):
    note = forms.CharField(
        max_length=500,
        label="Why the terms end",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in each ambassador's term history.",
    )


@admin.register(Ambassador)
class AmbassadorAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "referral_code",
        "tier",
        "term_ends",
        "buddy",
        "onboarding",
        "commitment",
        "listed",
        "page_link",
    ]
    search_fields = ["referral_code", "member__email", "member__profile__display_name"]
    list_filter = ["listed"]
    ordering = ["member__profile__display_name", "pk"]
    list_per_page = 50
    readonly_fields = ["member", "referral_code", "code_retired_at", "listed", "created_at"]
    fields = readonly_fields
    actions = ["renew", "move_tier", "end_term"]

    def get_queryset(self, request):
        return with_programme_status(
            super().get_queryset(request).select_related("member__profile"),
            member_ref="member",
            now=timezone.now(),
        )

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        buddies = {
            person.pk: person.display_name
            for person in User.objects.filter(
                pk__in={row.buddy_id for row in changelist.result_list if row.buddy_id}
            ).select_related("profile")
        }
        for row in changelist.result_list:
            row.buddy_name = buddies.get(row.buddy_id, "")
        return changelist

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="ambassador", ordering="member__profile__display_name")
    def name(self, obj):
        return obj.member.display_name

    @admin.display(description="tier", ordering="tier_level")
    def tier(self, obj):
        return obj.tier_name or "not current"

    @admin.display(description="term ends", ordering="term_ends_at")
    def term_ends(self, obj):
        return f"{obj.term_ends_at:%Y-%m-%d}" if obj.term_ends_at else "—"

    @admin.display(description="buddy")
    def buddy(self, obj):
        return getattr(obj, "buddy_name", "") or "—"

    @admin.display(description="onboarding")
    def onboarding(self, obj):
        if not obj.onboarding_steps:
            return "—"
        if obj.onboarding_completed_at:
            return "complete"
        late = " (overdue)" if obj.onboarding_due_at < timezone.now() else ""
        return f"{obj.onboarding_done} of {obj.onboarding_steps}{late}"

    @admin.display(description="commitment")
    def commitment(self, obj):
        if obj.commitment_min is None:
            return "—"
        under = (
            obj.full_two_months
            and obj.hours_last_month < obj.commitment_min
            and obj.hours_month_before < obj.commitment_min
        )
        status = "under two months running" if under else "ok"
        return (
            f"{obj.hours_month_before} h, {obj.hours_last_month} h of {obj.commitment_min}: "
            f"{status}"
        )

    @admin.display(description="page")
    def page_link(self, obj):
        return format_html(
            '<a href="{}">Manage</a>',
            reverse("ambassadors:manage_ambassador", args=[obj.member_id]),
        )

    def _members(self, queryset):
        return [row.member for row in queryset.select_related("member__profile").order_by("pk")]

    @admin.action(description="Renew the selected terms for a year")
    def renew(self, request, queryset):
        run_for_each(
            self,
            request,
            self._members(queryset),
            lambda member, now: term_renew(member=member, actor=request.user, now=now),
            "Renewed",
        )

    @admin.action(description="Move the selected to another tier…")
    def move_tier(self, request, queryset):
        form = MoveForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            run_for_each(
                self,
                request,
                self._members(queryset),
                lambda member, now: term_move(
                    member=member,
                    tier=form.cleaned_data["tier"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                    now=now,
                ),
                "Moved",
            )
            return None
        return form_page(
            self,
            request,
            queryset,
            form=form,
            action="move_tier",
            title="Move these ambassadors to another tier",
            explain="Their current term ends now and one in the new tier runs to the same end.",
        )

    @admin.action(description="End the selected terms now…")
    def end_term(self, request, queryset):
        form = EndForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            run_for_each(
                self,
                request,
                self._members(queryset),
                lambda member, now: term_end(
                    member=member, note=form.cleaned_data["note"], actor=request.user, now=now
                ),
                "Ended",
            )
            return None
        return form_page(
            self,
            request,
            queryset,
            form=form,
            action="end_term",
            title="End these terms now",
            explain="The history keeps every term; they can apply again later.",
        )
