"""Root URLs: the site pages, accounts, the admin console, the API, and every app's pages as
registered at `hub.core.extension_points.url_mounts`."""

from django.contrib import admin
from django.urls import include, path

from hub.core.extension_points import url_mounts
from hub.site import console, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("manage/", console.console, name="console"),
    path("manage/messages/", console.message_list, name="console_messages"),
    path("manage/messages/new/", console.message_new, name="console_message_new"),
    path("accounts/", include("allauth.urls")),
    # Before the admin's own URLs, so that its login page is the site's (rate-limited) one.
    path("admin/login/", views.admin_login),
    path("admin/", admin.site.urls),
    path("api/", include("hub.site.api.urls")),
    *[path(mount.prefix, include(mount.urlconf)) for mount in url_mounts.items()],
]

handler400 = "hub.site.views.error_400"
handler403 = "hub.site.views.error_403"
handler404 = "hub.site.views.error_404"
handler500 = "hub.site.views.error_500"
