"""What the members admin modules share: every save and delete a manager makes in the console
leaves an audit entry."""

from django.contrib import admin, messages
from django.utils import timezone

from hub.core.audit import audit_record
from hub.core.errors import DomainError


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


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes made in the console are written to the audit log."""

    audit_name = "object"
    #: The field naming the member the object is about (the spotlight's, the award's winner).
    audit_subject_field: str | None = None

    def _audit(self, request, obj, verb: str, data: dict | None = None) -> None:
        audit_record(
            actor=request.user,
            action=f"{self.audit_name}.{verb}",
            subject=getattr(obj, self.audit_subject_field) if self.audit_subject_field else None,
            target=obj,
            now=timezone.now(),
            data={"what": f"{obj._meta.verbose_name} #{obj.pk}", **(data or {})},
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._audit(
            request, obj, "update" if change else "create", {"fields": ", ".join(form.changed_data)}
        )

    def delete_model(self, request, obj):
        self._audit(request, obj, "delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "delete")
        super().delete_queryset(request, queryset)

    def _run(self, request, queryset, service, keyword: str, done: str) -> None:
        """Apply a publishing service to each selected row; refusals are reported, not raised."""
        changed = 0
        for obj in queryset.order_by("pk"):
            try:
                service(**{keyword: obj}, actor=request.user, now=timezone.now())
                changed += 1
            except DomainError as error:
                self.message_user(request, error.message, messages.WARNING)
        if changed:
            self.message_user(request, f"{done}: {changed}.", messages.SUCCESS)
