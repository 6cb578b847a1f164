"""Events API views: one view a path, one method an operation, each with its own input and
output serializer. Domain errors become JSON 4xx answers in hub.core.api_errors."""

from types import SimpleNamespace

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from events.api import serializers as s
from events.models import RsvpStatus, UserGroup
from events.selectors.checkins import event_attendees
from events.selectors.events import (
    event_get_visible,
    event_list,
    events_visible_to,
    events_with_counts,
)
from events.selectors.groups import group_is_member, group_list
from events.selectors.organizers import user_can_manage_event, user_is_manager
from events.services import checkins, groups, rsvps
from hub.core.api_pagination import PageNumberPagination
from hub.core.errors import NotFound
from members.models import User

TAG_EVENTS = ["events"]


class FormatIsAFilterNegotiation(DefaultContentNegotiation):
    """`?format=` filters events by format here (in person, virtual, hybrid), so it must not
    pick the renderer as DRF's URL_FORMAT_OVERRIDE would; the Accept header still does."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


TAG_GROUPS = ["groups"]


def _paginate(view: APIView, request, queryset, serializer_class, **context):
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    data = serializer_class(page, many=True, context={"request": request, **context}).data
    return paginator.get_paginated_response(data)


def _event(request, pk: int):
    """The event annotated like a list row, or 404 when the user may not see it."""
    event = events_with_counts(
        events_visible_to(user=request.user, now=timezone.now()).filter(pk=pk), user=request.user
    ).first()
    if event is None:
        raise NotFound("No such event.")
    return event


def _rsvp_body(result: rsvps.RsvpResult) -> dict:
    """The place told is the one counted under the event's lock (`result.position`)."""
    body = {"status": result.status}
    if result.status == RsvpStatus.WAITLISTED:
        body["position"] = result.position
    return body


class EventListApi(APIView):
    permission_classes = [AllowAny]
    content_negotiation_class = FormatIsAFilterNegotiation

    @extend_schema(
        tags=TAG_EVENTS,
        operation_id="events_list",
        parameters=[s.EventListInputSerializer],
        responses=s.EventOutputSerializer(many=True),
        summary="Events you may see, soonest first (latest first for past ones).",
    )
    def get(self, request):
        filters = s.EventListInputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        group = None
        if data.get("group"):
            group = UserGroup.objects.filter(slug=data["group"]).first()
            if group is None:
                raise NotFound("No such group.")
        events = event_list(
            user=request.user,
            now=timezone.now(),
            upcoming=data.get("upcoming"),
            group=group,
            kind=data.get("kind", ""),
            level=data.get("level", ""),
            format=data.get("format", ""),
        )
        if data.get("upcoming") is None:
            events = events.order_by("starts_at", "id")
        return _paginate(self, request, events, s.EventOutputSerializer)


class EventDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAG_EVENTS,
        operation_id="events_retrieve",
        responses={200: s.EventOutputSerializer, 404: OpenApiResponse(description="Not found")},
    )
    def get(self, request, pk: int):
        event = _event(request, pk)
        return Response(s.EventOutputSerializer(event, context={"request": request}).data)


class EventRsvpApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_EVENTS,
        operation_id="events_rsvp_create",
        request=None,
        responses={
            201: s.RsvpOutputSerializer,
            200: OpenApiResponse(s.RsvpOutputSerializer, description="You had an RSVP already"),
            403: OpenApiResponse(description="RSVPs closed, or your tier is too low"),
            404: OpenApiResponse(description="Not found"),
        },
        summary="Take a seat, or the next place on the waitlist when the event is full.",
    )
    def post(self, request, pk: int):
        now = timezone.now()
        event = event_get_visible(user=request.user, pk=pk, now=now)
        result = rsvps.rsvp_create(event=event, member=request.user, now=now)
        data = s.RsvpOutputSerializer(_rsvp_body(result)).data
        return Response(data, status=status.HTTP_201_CREATED if result.created else 200)

    @extend_schema(
        tags=TAG_EVENTS,
        operation_id="events_rsvp_destroy",
        request=None,
        responses={
            204: OpenApiResponse(description="Cancelled, or left the waitlist"),
            404: OpenApiResponse(description="No seat or waitlist place"),
        },
        summary="Cancel your seat (the first person waiting gets it) or leave the waitlist.",
    )
    def delete(self, request, pk: int):
        now = timezone.now()
        event = event_get_visible(user=request.user, pk=pk, now=now)
        rsvps.rsvp_cancel(event=event, member=request.user, now=now)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _event_for_organizer(request, pk: int, *, now):
    event = event_get_visible(user=request.user, pk=pk, now=now)
    if not user_can_manage_event(user=request.user, event=event):
        raise PermissionDenied("Only the event's hosts, group organizers and managers may.")
    return event


class EventAttendeesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_EVENTS,
        operation_id="events_attendees_list",
        responses=s.AttendeeOutputSerializer(many=True),
        summary="Everyone going or waiting (hosts, group organizers and managers).",
    )
    def get(self, request, pk: int):
        event = _event_for_organizer(request, pk, now=timezone.now())
        attendees = list(event_attendees(event=event))
        position = 0
        for rsvp in attendees:  # ordered going first, then the waitlist in its order
            if rsvp.status == RsvpStatus.WAITLISTED:
                position += 1
                rsvp.position = position
            else:
                rsvp.position = None
        return _paginate(
            self,
            request,
            attendees,
            s.AttendeeOutputSerializer,
            show_emails=user_is_manager(request.user),
        )


class EventCheckinsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_EVENTS,
        operation_id="events_checkins_create",
        request=s.CheckinInputSerializer,
        responses={201: s.CheckinOutputSerializer, 200: s.CheckinOutputSerializer},
        summary="Check a member in (walk-ins too); checking in twice changes nothing.",
    )
    def post(self, request, pk: int):
        now = timezone.now()
        event = _event_for_organizer(request, pk, now=now)
        data = s.CheckinInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = User.objects.filter(pk=data.validated_data["member"]).first()
        if person is None:
            raise NotFound("No such member.")
        result = checkins.checkin_record(event=event, member=person, actor=request.user, now=now)
        body = {
            "member_id": person.pk,
            "status": result.rsvp.status,
            "walk_in": result.rsvp.walk_in,
            "checked_in_at": result.rsvp.checked_in_at,
            "created": result.created,
        }
        return Response(
            s.CheckinOutputSerializer(body).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class GroupListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAG_GROUPS,
        operation_id="groups_list",
        parameters=[s.GroupListInputSerializer],
        responses=s.GroupOutputSerializer(many=True),
    )
    def get(self, request):
        filters = s.GroupListInputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        groups_found = group_list(now=timezone.now(), **filters.validated_data)
        return _paginate(self, request, groups_found, s.GroupOutputSerializer)


def _group(request, slug: str):
    group = group_list(now=timezone.now()).filter(slug=slug).first()
    if group is None:
        raise NotFound("No such group.")
    return group


class GroupDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAG_GROUPS, operation_id="groups_retrieve", responses=s.GroupDetailOutputSerializer
    )
    def get(self, request, slug: str):
        group = _group(request, slug)
        group.is_member = group_is_member(group=group, user=request.user)
        return Response(s.GroupDetailOutputSerializer(group, context={"request": request}).data)


class GroupMembershipApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_GROUPS,
        operation_id="groups_membership_create",
        request=None,
        responses={201: s.MembershipOutputSerializer, 200: s.MembershipOutputSerializer},
        summary="Join the group (200 when you are a member already).",
    )
    def post(self, request, slug: str):
        group = _group(request, slug)
        membership, created = groups.group_join(
            group=group, member=request.user, now=timezone.now()
        )
        body = {"group": group.slug, "is_member": True, "joined_at": membership.joined_at}
        return Response(
            s.MembershipOutputSerializer(body).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        tags=TAG_GROUPS,
        operation_id="groups_membership_destroy",
        request=None,
        responses={204: OpenApiResponse(description="Left the group")},
        summary="Leave the group.",
    )
    def delete(self, request, slug: str):
        group = _group(request, slug)
        groups.group_leave(group=group, member=request.user, now=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)
