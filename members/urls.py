"""Member pages."""

from django.urls import path

from members.views import contributions, dashboard, directory, manage, profile

app_name = "members"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("", directory.directory, name="directory"),
    path("<int:member_id>/", profile.profile_detail, name="profile_detail"),
    path("profile/", profile.profile_edit, name="profile_edit"),
    path("contributions/new/", contributions.contribution_create, name="contribution_create"),
    path("manage/slipping/", manage.slipping_away, name="manage_slipping"),
]
