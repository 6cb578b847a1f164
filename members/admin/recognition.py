"""The admin console for recognition: badges and their awards, the monthly spotlight (with the
system's proposals), annual awards and case studies. Every save, delete, award, revocation and
publication goes through members.services.recognition, which writes the audit entry."""

from datetime import date

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.timeutils import month_of, previous_month
from hub.core.validation import CleanTextFormMixin
from members.admin.base import ServiceAdmin
from members.models import Award, Badge, BadgeAward, CaseStudy, Spotlight
from members.selectors.recognition import spotlight_candidates
from members.services import recognition as services


class RecognitionItemAdmin(ServiceAdmin):
    """Badges, spotlights, awards and case studies: saved and deleted through the services."""

    def save_through_service(self, *, obj, fields, actor, now):
        services.recognition_item_save(item=obj, fields=fields, actor=actor, now=now)

    def delete_through_service(self, *, obj, actor, now):
        services.recognition_item_delete(item=obj, actor=actor, now=now)


class AboutAMemberForm(CleanTextFormMixin, forms.ModelForm):
    """A form for content about one member (`member_field`): nothing new about a leaver."""

    member_field = "member"

    def clean(self):
        cleaned = super().clean()
        member = cleaned.get(self.member_field)
        if member is not None:
            item = self._meta.model(**{self.member_field: member})
            try:
                services.recognition_item_validate(item=item, now=timezone.now())
            except DomainError as error:
                self.add_error(self.member_field, error.message)
        return cleaned


@admin.register(Badge)
class BadgeAdmin(RecognitionItemAdmin):
    list_display = ["icon", "name", "rule", "repeatable", "grants_title", "awarded_count"]
    list_display_links = ["name"]
    list_filter = ["rule", "repeatable"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(awarded_count=Count("awards"))

    @admin.display(description="Awarded", ordering="awarded_count")
    def awarded_count(self, obj) -> int:
        return obj.awarded_count

    def get_readonly_fields(self, request, obj=None):
        # A rule badge keeps its rule: the daily job finds it by that rule.
        if obj is not None and obj.rule != Badge.Rule.MANUAL:
            return ["rule"]
        return []


class BadgeAwardForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = BadgeAward
        fields = ["badge", "member", "occasion", "reason"]
        help_texts = {"reason": "Kept with the award and in the audit log."}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("badge") and cleaned.get("member"):
            try:
                services.badge_award_validate(
                    badge=cleaned["badge"],
                    member=cleaned["member"],
                    occasion=cleaned.get("occasion", ""),
                    now=timezone.now(),
                )
            except DomainError as error:
                raise forms.ValidationError(error.message) from error
        return cleaned


@admin.register(BadgeAward)
class BadgeAwardAdmin(ServiceAdmin):
    """Awards are added through `badge_award` (never twice) and revoked through `badge_revoke`;
    an award is not edited in place."""

    form = BadgeAwardForm
    list_display = ["awarded_at", "badge", "member", "occasion", "awarded_by", "reason"]
    list_filter = ["badge"]
    list_select_related = ["badge", "member__profile", "awarded_by__profile"]
    search_fields = ["member__email", "member__profile__display_name", "badge__name"]
    autocomplete_fields = ["member"]
    date_hierarchy = "awarded_at"

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            award = services.badge_award(
                badge=data["badge"],
                member=data["member"],
                actor=request.user,
                reason=data.get("reason", ""),
                occasion=data.get("occasion", ""),
                now=timezone.now(),
            )
        except DomainError as error:  # the form checked the same rules; a race can still lose
            obj._refused = True
            self.message_user(request, f"Nothing was saved: {error.message}", messages.ERROR)
            return
        obj.pk = award.pk

    def delete_through_service(self, *, obj, actor, now):
        services.badge_revoke(award=obj, actor=actor, now=now)


class SpotlightForm(AboutAMemberForm):
    class Meta:
        model = Spotlight
        fields = ["month", "member", "story"]
        help_texts = {
            "month": "Any day of the month; it is stored as the month's first day.",
            "story": "A short story about what they did, shown on the home page.",
        }

    def clean_month(self) -> date:
        return self.cleaned_data["month"].replace(day=1)


@admin.register(Spotlight)
class SpotlightAdmin(RecognitionItemAdmin):
    form = SpotlightForm
    list_display = ["month", "member", "published_at", "published_by"]
    list_select_related = ["member__profile", "published_by__profile"]
    readonly_fields = ["published_at", "published_by"]
    autocomplete_fields = ["member"]
    actions = ["publish", "unpublish"]

    def get_changeform_initial_data(self, request):
        now = timezone.now()
        month = previous_month(month_of(now))
        initial = {"month": month}
        top = spotlight_candidates(month=month, now=now, limit=1).first()
        if top is not None:
            initial["member"] = top.pk
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        month = obj.month if obj is not None else previous_month(month_of(timezone.now()))
        proposals = [
            f"{member.display_name} ({member.month_points} points)"
            for member in spotlight_candidates(month=month, now=timezone.now())
        ]
        form.base_fields["member"].help_text = (
            f"Top contributors of {month:%B %Y} by contribution points: " + "; ".join(proposals)
            if proposals
            else f"Nobody earned contribution points in {month:%B %Y}."
        )
        return form

    @admin.action(description="Publish the selected spotlights (shown on the home page)")
    def publish(self, request, queryset):
        self.publish_each(request, queryset, services.spotlight_publish, "spotlight", "Published")

    @admin.action(description="Unpublish the selected spotlights")
    def unpublish(self, request, queryset):
        self.publish_each(
            request, queryset, services.spotlight_unpublish, "spotlight", "Unpublished"
        )


class AwardForm(AboutAMemberForm):
    member_field = "winner"

    class Meta:
        model = Award
        fields = ["year", "category", "winner", "citation"]


class CaseStudyForm(AboutAMemberForm):
    class Meta:
        model = CaseStudy
        fields = ["member", "title", "slug", "summary", "body"]


@admin.register(Award)
class AwardAdmin(RecognitionItemAdmin):
    form = AwardForm
    list_display = ["year", "category", "winner", "published_at"]
    list_filter = ["year", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["winner__profile"]
    search_fields = ["category", "winner__email", "winner__profile__display_name"]
    autocomplete_fields = ["winner"]
    fields = ["year", "category", "winner", "citation", "published_at"]
    readonly_fields = ["published_at"]
    actions = ["publish", "unpublish"]

    @admin.action(description="Publish the selected awards")
    def publish(self, request, queryset):
        self.publish_each(request, queryset, services.award_publish, "award", "Published")

    @admin.action(description="Unpublish the selected awards")
    def unpublish(self, request, queryset):
        self.publish_each(request, queryset, services.award_unpublish, "award", "Unpublished")


@admin.register(CaseStudy)
class CaseStudyAdmin(RecognitionItemAdmin):
    form = CaseStudyForm
    list_display = ["title", "member", "published_at"]
    list_filter = [("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["member__profile"]
    search_fields = ["title", "summary", "member__email", "member__profile__display_name"]
    autocomplete_fields = ["member"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["member", "title", "slug", "summary", "body", "published_at", "published_by"]
    readonly_fields = ["published_at", "published_by"]
    actions = ["publish", "unpublish"]

    @admin.action(description="Publish the selected case studies")
    def publish(self, request, queryset):
        self.publish_each(request, queryset, services.case_study_publish, "case_study", "Published")

    @admin.action(description="Unpublish the selected case studies")
    def unpublish(self, request, queryset):
        self.publish_each(
            request, queryset, services.case_study_unpublish, "case_study", "Unpublished"
        )
