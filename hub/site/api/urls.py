"""The API: the schema, its docs page, and every app's endpoints under /api/v1/ (as registered
at `hub.core.extension_points.api_mounts`)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from hub.core.extension_points import api_mounts
from hub.site.api.views import ApiRootView

v1_patterns = [
    path("", ApiRootView.as_view(), name="root"),
    *[path("", include(mount.urlconf)) for mount in api_mounts.items()],
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include((v1_patterns, "v1"), namespace="v1")),
]
