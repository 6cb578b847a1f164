"""Signup attribution in the admin console, read-only: where each member came from."""

from django.contrib import admin

from ambassadors.models import SignupAttribution


@admin.register(SignupAttribution)
class SignupAttributionAdmin(admin.ModelAdmin):
    list_display = [
        "member",
        "signed_up_at",
        "referral_code",
        "utm_source",
        "utm_campaign",
        "how_heard",
        "referral_credited_at",
    ]
    list_select_related = ["member__profile"]
    list_filter = ["utm_source"]
    search_fields = ["referral_code", "utm_campaign", "utm_source"]
    ordering = ["-signed_up_at", "-pk"]
    readonly_fields = [field.name for field in SignupAttribution._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
