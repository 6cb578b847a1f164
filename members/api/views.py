"""The members API views: one view class per path, one method per operation, each with its
own input and output serializers. Views parse, call one selector or service, and answer."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from members.api import serializers as s
from members.api.ingest import activity_ingest
from members.models import Activity, Profile, Tier, User
from members.selectors import ideas as idea_selectors
from members.selectors.directory import directory_search
from members.selectors.membership import member_current_tier
from members.selectors.recognition import badge_list
from members.services.ideas import idea_create, idea_unvote, idea_vote
from members.services.profiles import profile_update

ERRORS = {
    400: OpenApiResponse(s.ErrorSerializer, description="The request breaks a rule."),
    401: OpenApiResponse(s.ErrorSerializer, description="Not authenticated."),
    403: OpenApiResponse(s.ErrorSerializer, description="Not allowed."),
}
NOT_FOUND = {404: OpenApiResponse(s.ErrorSerializer, description="No such object.")}


def _paginated(request: Request, view: APIView, queryset, serializer_class, **context):
    """One page of `queryset` in the standard envelope (count, next, previous, results)."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    data = serializer_class(page, many=True, context={"request": request, **context}).data
    return paginator.get_paginated_response(data)


class MeView(APIView):
    """Your own profile."""

    def _me(self, request: Request) -> Response:
        Profile.objects.get_or_create(user_id=request.user.pk)
        member = (
            User.objects.select_related("profile")
            .prefetch_related("profile__skills")
            .get(pk=request.user.pk)
        )
        return Response(
            s.MeOutputSerializer(member, context={"tier": member_current_tier(member=member)}).data
        )

    @extend_schema(operation_id="me_retrieve", responses={200: s.MeOutputSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        return self._me(request)

    @extend_schema(
        operation_id="me_partial_update",
        request=s.MePatchInputSerializer,
        responses={200: s.MeOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request) -> Response:
        data = s.MePatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        skills = fields.pop("skills", None)
        if skills is None:
            profile = Profile.objects.filter(user=request.user).first()
            skills = [skill.name for skill in profile.skills.all()] if profile else []
        profile_update(member=request.user, skills=skills, now=timezone.now(), **fields)
        return self._me(request)


class MemberListView(APIView):
    """The member directory: current members who chose to be listed."""

    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="members_list",
        parameters=[s.DirectoryFilterSerializer],
        responses={200: s.DirectoryMemberOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = s.DirectoryFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        members = directory_search(now=timezone.now(), **filters.validated_data)
        return _paginated(request, self, members, s.DirectoryMemberOutputSerializer)


class ActivityListCreateView(APIView):
    """Your activity ledger; posting records one activity (an integration: for anyone)."""

    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="activities_list",
        responses={200: s.ActivityOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        activities = Activity.objects.filter(member=request.user).order_by("-occurred_at", "-id")
        return _paginated(request, self, activities, s.ActivityOutputSerializer)

    @extend_schema(
        operation_id="activities_create",
        request=s.ActivityCreateInputSerializer,
        responses={
            201: OpenApiResponse(s.ActivityOutputSerializer, description="Recorded."),
            200: OpenApiResponse(
                s.ActivityOutputSerializer,
                description="Already recorded with this (source, external_id): the existing row.",
            ),
            409: OpenApiResponse(s.ErrorSerializer, description="Another member's row."),
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        data = s.ActivityCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = activity_ingest(actor=request.user, now=timezone.now(), **data.validated_data)
        return Response(
            s.ActivityOutputSerializer(result.activity).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class TierListView(APIView):
    """The engagement tiers and their benefits."""

    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="tiers_list", responses={200: s.TierOutputSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request) -> Response:
        return _paginated(request, self, Tier.objects.order_by("level"), s.TierOutputSerializer)


class BadgeListView(APIView):
    """Every badge and how often it was awarded."""

    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="badges_list", responses={200: s.BadgeOutputSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request) -> Response:
        return _paginated(request, self, badge_list(), s.BadgeOutputSerializer)


class IdeaListCreateView(APIView):
    """Ideas with their votes and whether you voted; posting one records an idea activity."""

    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="ideas_list",
        parameters=[s.IdeaFilterSerializer],
        responses={200: s.IdeaOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = s.IdeaFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        ideas = idea_selectors.idea_list(
            viewer=request.user,
            status=filters.validated_data.get("status", ""),
            sort=filters.validated_data["sort"],
        )
        return _paginated(request, self, ideas, s.IdeaOutputSerializer)

    @extend_schema(
        operation_id="ideas_create",
        request=s.IdeaCreateInputSerializer,
        responses={201: s.IdeaOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = s.IdeaCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = idea_create(
            author=request.user, now=timezone.now(), source="api", **data.validated_data
        )
        idea = idea_selectors.idea_get(pk=idea.pk, viewer=request.user)
        return Response(s.IdeaOutputSerializer(idea).data, status=status.HTTP_201_CREATED)


class IdeaVoteView(APIView):
    """Vote for an idea (once) or take the vote back."""

    def _idea(self, request: Request, pk: int):
        return idea_selectors.idea_get(pk=pk, viewer=request.user)

    def _answer(self, request: Request, pk: int, code: int) -> Response:
        idea = self._idea(request, pk)
        return Response(
            s.IdeaVoteOutputSerializer(
                {"idea_id": idea.pk, "vote_count": idea.vote_count, "voted": idea.viewer_voted}
            ).data,
            status=code,
        )

    @extend_schema(
        operation_id="ideas_vote_create",
        request=None,
        responses={201: s.IdeaVoteOutputSerializer, **ERRORS, **NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        idea_vote(idea=self._idea(request, pk), member=request.user, now=timezone.now())
        return self._answer(request, pk, status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="ideas_vote_destroy",
        request=None,
        responses={200: s.IdeaVoteOutputSerializer, **ERRORS, **NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        idea_unvote(idea=self._idea(request, pk), member=request.user, now=timezone.now())
        return self._answer(request, pk, status.HTTP_200_OK)
