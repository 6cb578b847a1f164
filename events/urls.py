"""Event and group pages, mounted at the site root: /events/… and /groups/…."""

from django.urls import path

from events import views, views_organizers

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/calendar/", views.calendar_feed, name="calendar_feed"),
    path("events/calendar/reset/", views.calendar_feed_reset, name="calendar_feed_reset"),
    path("events/calendar/<str:token>.ics", views.member_feed, name="member_feed"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/calendar.ics", views.event_ics, name="event_ics"),
    path("events/<int:pk>/rsvp/", views.event_rsvp, name="event_rsvp"),
    path("events/<int:pk>/rsvp/cancel/", views.event_rsvp_cancel, name="event_rsvp_cancel"),
    path("events/<int:pk>/rsvp/decline/", views.event_rsvp_decline, name="event_rsvp_decline"),
    path("events/<int:pk>/checkin/", views.event_checkin, name="event_checkin"),
    path("events/<int:pk>/edit/", views_organizers.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", views_organizers.event_cancel_page, name="event_cancel"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/health/", views.group_health_list, name="group_health"),
    path("groups/<slug:slug>/", views.group_detail, name="group_detail"),
    path("groups/<slug:slug>/events/new/", views_organizers.event_create, name="event_create"),
    path("groups/<slug:slug>/join/", views.group_join, name="group_join"),
    path("groups/<slug:slug>/leave/", views.group_leave, name="group_leave"),
    path("groups/<slug:slug>/calendar.ics", views.group_calendar, name="group_calendar"),
    path(
        "groups/<slug:slug>/health/recompute/",
        views.group_health_recompute,
        name="group_health_recompute",
    ),
]
