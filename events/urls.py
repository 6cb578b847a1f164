"""Event and group pages, mounted at the site root: /events/… and /groups/…."""

from django.urls import path

from events.views import calendars, checkins, events, groups, health, organizers, rsvps

app_name = "events"

urlpatterns = [
    path("events/", events.event_list, name="event_list"),
    path("events/mine/", rsvps.my_events, name="my_events"),
    path("events/calendar/", calendars.calendar_feed, name="calendar_feed"),
    path("events/calendar/reset/", calendars.calendar_feed_reset, name="calendar_feed_reset"),
    path("events/calendar/<str:token>.ics", calendars.member_feed, name="member_feed"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/calendar.ics", calendars.event_ics, name="event_ics"),
    path("events/<int:pk>/rsvp/", rsvps.event_rsvp, name="event_rsvp"),
    path("events/<int:pk>/rsvp/cancel/", rsvps.event_rsvp_cancel, name="event_rsvp_cancel"),
    path("events/<int:pk>/rsvp/decline/", rsvps.event_rsvp_decline, name="event_rsvp_decline"),
    path("events/<int:pk>/checkin/", checkins.event_checkin, name="event_checkin"),
    path(
        "events/<int:pk>/attendance.csv",
        checkins.event_attendance_csv,
        name="event_attendance_csv",
    ),
    path("events/<int:pk>/edit/", organizers.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", organizers.event_cancel_page, name="event_cancel"),
    path("groups/", groups.group_list, name="group_list"),
    path("groups/health/", health.group_health_list, name="group_health"),
    path("groups/<slug:slug>/", groups.group_detail, name="group_detail"),
    path("groups/<slug:slug>/events/new/", organizers.event_create, name="event_create"),
    path("groups/<slug:slug>/join/", groups.group_join, name="group_join"),
    path("groups/<slug:slug>/leave/", groups.group_leave, name="group_leave"),
    path("groups/<slug:slug>/calendar.ics", calendars.group_calendar, name="group_calendar"),
    path(
        "groups/<slug:slug>/health/recompute/",
        health.group_health_recompute,
        name="group_health_recompute",
    ),
]
