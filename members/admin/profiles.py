"""The admin console for profiles: the list of skills. Members' suggestions awaiting review
come first; a manager accepts them (they reach everyone) or rejects them with a reason (they
leave the profiles that held them, and those members are emailed why), adds skills to the
list and corrects names. Every change goes through `members.services.profiles` (audited)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Case, Count, IntegerField, Value, When
from django.template.response import TemplateResponse
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.text import counted, noun_for
from hub.core.validation import CleanTextFormMixin
from members.admin.base import ServiceAdmin
from members.models import Skill
from members.services.profiles import (
    REJECTION_REASON_MAX_LENGTH,
    skill_accept,
    skill_add,
    skill_reject,
    skill_rename,
)


class RejectSkillsForm(CleanTextFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why not (the members who suggested it read this)",
        max_length=REJECTION_REASON_MAX_LENGTH,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text="For example: Use “Python” from the list; we keep one name a skill.",
        error_messages={"required": "Say why, in a sentence the members will read."},
    )


@admin.register(Skill)
class SkillAdmin(ServiceAdmin):
    list_display = [
        "name",
        "status",
        "profile_count",
        "suggested_by",
        "suggested_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status"]
    list_select_related = ["suggested_by__profile", "decided_by__profile"]
    search_fields = ["name"]
    fields = [
        "name",
        "status",
        "profile_count",
        "suggested_by",
        "suggested_at",
        "decided_by",
        "decided_at",
        "rejection_reason",
    ]
    readonly_fields = [
        "status",
        "profile_count",
        "suggested_by",
        "suggested_at",
        "decided_by",
        "decided_at",
        "rejection_reason",
    ]
    actions = ["accept", "reject"]

    def get_queryset(self, request):
        """Each skill with the number of profiles that hold it; suggestions first (the
        annotation comes before the ordering that names it, unlike the admin's own)."""
        return Skill.objects.annotate(
            holders=Count("profiles", distinct=True),
            awaiting_first=Case(
                When(status=Skill.Status.SUGGESTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        ).order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["awaiting_first", "name"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:  # adding: a name is all there is
            return ["status", "profile_count"]
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        return ["name"] if obj is None else self.fields

    @admin.display(description="profiles", ordering="holders")
    def profile_count(self, obj):
        return getattr(obj, "holders", None) if obj.pk else 0

    def save_through_service(self, *, obj, fields, actor, now):
        if obj.pk is None:
            added = skill_add(name=obj.name, actor=actor, now=now)
            obj.pk = added.pk
        elif "name" in fields:
            skill_rename(skill=obj, name=obj.name, actor=actor, now=now)

    @admin.action(description="Accept: put the selected skills on the list for everyone")
    def accept(self, request, queryset):
        now, accepted, refused = timezone.now(), [], []
        for skill in queryset.order_by("pk"):
            try:
                accepted.append(skill_accept(skill=skill, actor=request.user, now=now).name)
            except DomainError as error:
                refused.append(error.message)
        if accepted:
            them = noun_for(len(accepted), "it", "them")
            self.message_user(
                request,
                f"Accepted {counted(len(accepted), 'skill')}: {', '.join(accepted)}. Every "
                f"member can pick {them} now, and the profiles that have {them} show {them} to "
                "everyone.",
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description="Reject the selected suggestions (asks for the reason)…")
    def reject(self, request, queryset):
        form = RejectSkillsForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            now, rejected, removed, refused = timezone.now(), [], 0, []
            for skill in queryset.order_by("pk"):
                try:
                    removed += skill_reject(
                        skill=skill,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                        now=now,
                    )
                    rejected.append(skill.name)
                except DomainError as error:
                    refused.append(error.message)
            if rejected:
                self.message_user(
                    request,
                    f"Rejected {counted(len(rejected), 'skill')}: {', '.join(rejected)}. "
                    f"Taken off {counted(removed, 'profile')}; "
                    f"{noun_for(removed, 'that member is', 'those members are')} emailed your "
                    "reason.",
                )
            for message in refused:
                self.message_user(request, message, messages.WARNING)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Reject these suggested skills",
            "form": form,
            "skills": queryset.order_by("name"),
            "action": "reject",
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "members/manage_reject_skills.html", context)
