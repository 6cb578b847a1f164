"""Member pages, grouped by area (each area's views live in `members.views.<area>`)."""

from django.urls import path

from members.views import account, activities, ideas, membership, profiles, recognition, tokens

app_name = "members"

urlpatterns = [
    # Membership: the member's dashboard (tier and progress)
    path("dashboard/", membership.dashboard, name="dashboard"),
    # Profiles: the directory, public profiles, editing one's own
    path("", profiles.directory, name="directory"),
    path("<int:member_id>/", profiles.profile_detail, name="profile_detail"),
    path("profile/", profiles.profile_edit, name="profile_edit"),
    # Activities: logging a contribution; managers' list of members slipping away
    path("contributions/new/", activities.contribution_create, name="contribution_create"),
    path("manage/slipping/", activities.slipping_away, name="manage_slipping"),
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
    # Account: a member's own data and leaving
    path("account/", account.account_data, name="account_data"),
    path("account/export/", account.account_export, name="account_export"),
    path("account/leave/", account.account_leave, name="account_leave"),
    # API tokens: the owner's own, made and revoked here only
    path("account/tokens/", tokens.token_list, name="token_list"),
    path("account/tokens/<str:token_key>/revoke/", tokens.token_revoke, name="token_revoke"),
]
