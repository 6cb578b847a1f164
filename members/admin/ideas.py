"""The admin console for ideas: the list with vote counts, setting a status with a public
comment (one idea from its page, or many at once with an action) through `idea_status_set`,
and deleting spam through `idea_delete`; both services leave an audit entry."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.text import counted
from hub.core.validation import CleanTextFormMixin
from members.forms.ideas import IdeaStatusForm
from members.models import Idea
from members.services.ideas import idea_delete, idea_status_set


class IdeaAdminForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["status", "status_comment"]
        labels = {"status_comment": "Public comment"}
        help_texts = {"status_comment": "Shown to everyone with the status: say why."}

    def clean(self):
        cleaned = super().clean()
        if self.has_changed() and not (cleaned.get("status_comment") or "").strip():
            self.add_error("status_comment", "Write a short public comment explaining the status.")
        return cleaned


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    form = IdeaAdminForm
    list_display = ["title", "author", "status", "vote_count", "created_at"]
    list_filter = ["status"]
    list_select_related = ["author__profile"]
    search_fields = ["title", "body", "author__email", "author__profile__display_name"]
    date_hierarchy = "created_at"
    fields = [
        "title",
        "author",
        "created_at",
        "body",
        "status",
        "status_comment",
        "status_changed_at",
    ]
    readonly_fields = ["title", "author", "created_at", "body", "status_changed_at"]
    actions = ["set_status"]

    def has_add_permission(self, request):
        return False  # members post ideas from the site, where it records their activity

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(vote_count=Count("votes"))

    @admin.display(description="Votes", ordering="vote_count")
    def vote_count(self, obj) -> int:
        return obj.vote_count

    def save_model(self, request, obj, form, change):
        if not form.has_changed():
            return
        try:
            idea_status_set(
                idea=obj,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["status_comment"],
                actor=request.user,
                now=timezone.now(),
            )
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)

    def delete_model(self, request, obj):
        idea_delete(idea=obj, actor=request.user, now=timezone.now())

    def delete_queryset(self, request, queryset):
        now = timezone.now()
        for idea in queryset.order_by("pk"):
            idea_delete(idea=idea, actor=request.user, now=now)

    @admin.action(description="Set the status of the selected ideas…")
    def set_status(self, request, queryset):
        form = IdeaStatusForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            changed = 0
            for idea in queryset.order_by("pk"):
                try:
                    idea_status_set(
                        idea=idea,
                        status=form.cleaned_data["status"],
                        comment=form.cleaned_data["comment"],
                        actor=request.user,
                        now=timezone.now(),
                    )
                    changed += 1
                except DomainError as error:
                    self.message_user(request, error.message, messages.WARNING)
            label = Idea.Status(form.cleaned_data["status"]).label.lower()
            self.message_user(
                request, f"{counted(changed, 'idea')} set to {label}.", messages.SUCCESS
            )
            return None
        return TemplateResponse(
            request,
            "members/idea_admin_status.html",
            {
                **self.admin_site.each_context(request),
                "title": "Set the status of these ideas",
                "ideas": queryset.order_by("pk"),
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )
