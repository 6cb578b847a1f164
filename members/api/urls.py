"""Member endpoints under /api/v1/, one module an area: profiles, activities, membership (tiers),
recognition (badges) and ideas."""

from django.urls import path

from members.api import activities, ideas, membership, profiles, recognition

urlpatterns = [
    path("me/", profiles.MeView.as_view(), name="me"),
    path("members/", profiles.MemberListView.as_view(), name="member_list"),
    path("activities/", activities.ActivityListCreateView.as_view(), name="activity_list"),
    path("tiers/", membership.TierListView.as_view(), name="tier_list"),
    path("badges/", recognition.BadgeListView.as_view(), name="badge_list"),
    path("ideas/", ideas.IdeaListCreateView.as_view(), name="idea_list"),
    path("ideas/<int:pk>/vote/", ideas.IdeaVoteView.as_view(), name="idea_vote"),
]
