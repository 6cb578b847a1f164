"""Events endpoints, included in /api/v1/."""

from django.urls import path

from events.api import views

urlpatterns = [
    path("events/", views.EventListApi.as_view(), name="events-list"),
    path("events/<int:pk>/", views.EventDetailApi.as_view(), name="events-detail"),
    path("events/<int:pk>/rsvp/", views.EventRsvpApi.as_view(), name="events-rsvp"),
    path("events/<int:pk>/attendees/", views.EventAttendeesApi.as_view(), name="events-attendees"),
    path("events/<int:pk>/checkins/", views.EventCheckinsApi.as_view(), name="events-checkins"),
    path("groups/", views.GroupListApi.as_view(), name="groups-list"),
    path("groups/<slug:slug>/", views.GroupDetailApi.as_view(), name="groups-detail"),
    path(
        "groups/<slug:slug>/membership/",
        views.GroupMembershipApi.as_view(),
        name="groups-membership",
    ),
]
