"""Root URLs: site pages, accounts, the admin console, each app's pages and the API."""

from django.contrib import admin
from django.urls import include, path

from hub import views

admin.site.site_header = "Hub admin console"
admin.site.site_title = "Hub admin"
admin.site.index_title = "Run the community"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("members/", include("members.urls")),
    path("", include("events.urls")),  # /events/… and /groups/…
    path("api/", include("hub.api.urls")),
]

handler400 = "hub.views.error_400"
handler403 = "hub.views.error_403"
handler404 = "hub.views.error_404"
handler500 = "hub.views.error_500"
