"""Django's admin with the site's front page (`hub.site.admin_site.HubAdminSite`): listed in
INSTALLED_APPS instead of "django.contrib.admin"."""

from django.contrib.admin.apps import AdminConfig


class HubAdminConfig(AdminConfig):
    default_site = "hub.site.admin_site.HubAdminSite"
