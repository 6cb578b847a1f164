"""Member endpoints under /api/v1/: profile, directory, activities, tiers, badges, ideas."""

from django.urls import path

from members.api import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("members/", views.MemberListView.as_view(), name="member_list"),
    path("activities/", views.ActivityListCreateView.as_view(), name="activity_list"),
    path("tiers/", views.TierListView.as_view(), name="tier_list"),
    path("badges/", views.BadgeListView.as_view(), name="badge_list"),
    path("ideas/", views.IdeaListCreateView.as_view(), name="idea_list"),
    path("ideas/<int:pk>/vote/", views.IdeaVoteView.as_view(), name="idea_vote"),
]
