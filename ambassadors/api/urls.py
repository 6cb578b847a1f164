"""Programme endpoints, included in /api/v1/."""

from django.urls import path

from ambassadors.api import activities, applications, programme, referrals

urlpatterns = [
    path("ambassadors/", programme.AmbassadorListView.as_view(), name="ambassador_list"),
    path(
        "ambassador-applications/",
        applications.ApplicationListCreateView.as_view(),
        name="ambassador_application_list",
    ),
    path(
        "ambassador-activities/",
        activities.ActivityListCreateView.as_view(),
        name="ambassador_activity_list",
    ),
    path("referrals/", referrals.ReferralListView.as_view(), name="referral_list"),
]
