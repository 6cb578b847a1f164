"""Member pages."""

from django.urls import path

from members.views import (
    account,
    contributions,
    dashboard,
    directory,
    ideas,
    manage,
    profile,
    recognition,
)

app_name = "members"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("", directory.directory, name="directory"),
    path("<int:member_id>/", profile.profile_detail, name="profile_detail"),
    path("profile/", profile.profile_edit, name="profile_edit"),
    path("contributions/new/", contributions.contribution_create, name="contribution_create"),
    path("manage/slipping/", manage.slipping_away, name="manage_slipping"),
    # Ideas and voting
    path("ideas/", ideas.idea_list, name="idea_list"),
    path("ideas/new/", ideas.idea_create, name="idea_create"),
    path("ideas/<int:pk>/", ideas.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/vote/", ideas.idea_vote, name="idea_vote"),
    path("ideas/<int:pk>/unvote/", ideas.idea_unvote, name="idea_unvote"),
    path("ideas/<int:pk>/status/", ideas.idea_status, name="idea_status"),
    # Recognition
    path("badges/", recognition.badge_list, name="badge_list"),
    path("awards/", recognition.award_list, name="award_list"),
    path("stories/", recognition.casestudy_list, name="casestudy_list"),
    path("stories/<slug:slug>/", recognition.casestudy_detail, name="casestudy_detail"),
    # A member's own data
    path("account/", account.account_data, name="account_data"),
    path("account/export/", account.account_export, name="account_export"),
    path("account/leave/", account.account_leave, name="account_leave"),
]
