"""What the members admin modules share: a console page whose saves and deletes go through the
area's services, which validate, save and write the audit entry."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils import timezone

from hub.core.errors import DomainError


class ServiceAdmin(admin.ModelAdmin):
    """Saves and deletes call `save_through_service` and `delete_through_service` instead of
    writing the row. The forms check what they can beforehand; a refusal they could not foresee
    (another manager's edit at the same moment) is shown as an error and nothing is saved."""

    def save_through_service(self, *, obj, fields: list[str], actor, now) -> None:
        raise NotImplementedError

    def delete_through_service(self, *, obj, actor, now) -> None:
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None):
        if type(self).delete_through_service is ServiceAdmin.delete_through_service:
            return False  # no service deletes these
        return super().has_delete_permission(request, obj)

    def changed_fields(self, form) -> list[str]:
        """The model fields the form changed (a form field named otherwise maps here)."""
        return list(form.changed_data)

    def save_model(self, request, obj, form, change):
        try:
            self.save_through_service(
                obj=obj, fields=self.changed_fields(form), actor=request.user, now=timezone.now()
            )
        except DomainError as error:
            obj._refused = True
            self.message_user(request, f"Nothing was saved: {error.message}", messages.ERROR)

    def delete_model(self, request, obj):
        try:
            self.delete_through_service(obj=obj, actor=request.user, now=timezone.now())
        except DomainError as error:
            self.message_user(request, f"Nothing was deleted: {error.message}", messages.ERROR)

    def delete_queryset(self, request, queryset):
        for obj in queryset.order_by("pk"):
            self.delete_model(request, obj)

    # A refused save leaves no "changed" entry in the admin's history and returns to the form.
    def log_addition(self, request, obj, message):
        if not getattr(obj, "_refused", False):
            return super().log_addition(request, obj, message)
        return None

    def log_change(self, request, obj, message):
        if not getattr(obj, "_refused", False):
            return super().log_change(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(obj, "_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(obj, "_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def publish_each(self, request, queryset, service, keyword: str, done: str) -> None:
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
