"""The programme's pages, mounted at /ambassadors/ (namespace `ambassadors`)."""

from django.urls import path

from ambassadors.views import activities, applications, programme, recognition, terms

app_name = "ambassadors"

urlpatterns = [
    path("", programme.programme, name="programme"),
    path("apply/", applications.apply, name="apply"),
    path("nominate/", applications.nominate, name="nominate"),
    path("me/", programme.mine, name="mine"),
    path("me/application/withdraw/", applications.application_withdraw, name="withdraw"),
    path("me/listing/", programme.listing, name="listing"),
    path("me/step-down/", terms.step_down, name="step_down"),
    path("me/activities/", activities.activities, name="activities"),
    path("me/referrals/", activities.referrals, name="referrals"),
    # The managers' pages
    path("manage/", programme.manage, name="manage"),
    path("manage/applications/", applications.manage_applications, name="manage_applications"),
    path(
        "manage/applications/<int:pk>/",
        applications.manage_application,
        name="manage_application",
    ),
    path(
        "manage/applications/<int:pk>/score/",
        applications.manage_application_score,
        name="manage_application_score",
    ),
    path(
        "manage/applications/<int:pk>/decide/",
        applications.manage_application_decide,
        name="manage_application_decide",
    ),
    path("manage/ambassadors/", terms.manage_ambassadors, name="manage_ambassadors"),
    path("manage/ambassadors/<int:member_id>/", terms.manage_ambassador, name="manage_ambassador"),
    path("manage/ambassadors/<int:member_id>/renew/", terms.manage_renew, name="manage_renew"),
    path("manage/ambassadors/<int:member_id>/move/", terms.manage_move, name="manage_move"),
    path("manage/ambassadors/<int:member_id>/end/", terms.manage_end, name="manage_end"),
    path("manage/ambassadors/<int:member_id>/buddy/", terms.manage_buddy, name="manage_buddy"),
    path(
        "manage/ambassadors/<int:member_id>/onboarding/<slug:step>/",
        terms.manage_onboarding_step,
        name="manage_onboarding_step",
    ),
    path("manage/recognition/", recognition.recognition, name="manage_recognition"),
    path(
        "manage/recognition/badge/", recognition.recognition_badge, name="manage_recognition_badge"
    ),
    path(
        "manage/recognition/compensation/",
        recognition.recognition_compensation,
        name="manage_compensation",
    ),
    path("manage/attribution/", programme.attribution, name="manage_attribution"),
]
