"""What every events admin page shares: saves go through the services, and a service's refusal
(a DomainError) undoes the whole save and comes back as a message instead of a 500."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils import timezone

from hub.core.audit import audit_record
from hub.core.errors import DomainError


class ServiceAdmin(admin.ModelAdmin):
    """`save_model` calls a service. Forms check what they can beforehand (so the manager keeps
    what they typed); whatever a service still refuses (a seat taken meanwhile) rolls the
    whole change back, since the admin runs the save in one transaction, and the page says
    why. Deleting is audited as `<audit_name>.delete`."""

    audit_name = "object"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            messages.error(request, f"Nothing was saved: {error.message}")
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request, obj):
        self._audit_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit_delete(request, obj)
        super().delete_queryset(request, queryset)

    def _audit_delete(self, request, obj) -> None:
        admin_audit(
            request,
            action=f"{self.audit_name}.delete",
            data={"what": f"{obj._meta.verbose_name} #{obj.pk}", "title": str(obj)},
        )

    def save_related(self, request, form, formsets, change):
        """The service saved the many-to-many fields; only editable inlines are left."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


def admin_audit(request, *, action: str, target=None, subject=None, data=None) -> None:
    """An audit entry for an admin action that has no service of its own."""
    audit_record(
        actor=request.user,
        action=action,
        subject=subject,
        target=target,
        now=timezone.now(),
        data=data or {},
    )
