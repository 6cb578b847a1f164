"""The members API about ideas: the list with votes, posting one, voting and taking the vote
back."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.core.api_pagination import PageNumberPagination
from hub.core.validation import CleanTextSerializerMixin
from members.api.common import ERRORS, NOT_FOUND, paginated
from members.models import Idea
from members.selectors import ideas as idea_selectors
from members.selectors.ideas import SORTS
from members.services.ideas import idea_create, idea_unvote, idea_vote


class IdeaFilterSerializer(CleanTextSerializerMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=Idea.Status.choices, required=False)
    sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="votes")


class IdeaOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    status = serializers.ChoiceField(choices=Idea.Status.choices)
    status_comment = serializers.CharField()
    status_changed_at = serializers.DateTimeField(allow_null=True)
    author_name = serializers.CharField(source="author.display_name")
    created_at = serializers.DateTimeField()
    vote_count = serializers.IntegerField()
    voted = serializers.BooleanField(source="viewer_voted")


class IdeaCreateInputSerializer(CleanTextSerializerMixin, serializers.Serializer):
    multiline_fields = ("body",)
    title = serializers.CharField(max_length=150)
    body = serializers.CharField(max_length=5000)


class IdeaVoteOutputSerializer(serializers.Serializer):
    idea_id = serializers.IntegerField()
    vote_count = serializers.IntegerField()
    voted = serializers.BooleanField()


class IdeaListCreateView(APIView):
    """Ideas with their votes and whether you voted; posting one records an idea activity."""

    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="ideas_list",
        parameters=[IdeaFilterSerializer],
        responses={200: IdeaOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = IdeaFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        ideas = idea_selectors.idea_list(
            viewer=request.user,
            status=filters.validated_data.get("status", ""),
            sort=filters.validated_data["sort"],
        )
        return paginated(request, self, ideas, IdeaOutputSerializer)

    @extend_schema(
        operation_id="ideas_create",
        request=IdeaCreateInputSerializer,
        responses={201: IdeaOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = IdeaCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = idea_create(
            author=request.user, now=timezone.now(), source="api", **data.validated_data
        )
        idea = idea_selectors.idea_get(pk=idea.pk, viewer=request.user)
        return Response(IdeaOutputSerializer(idea).data, status=status.HTTP_201_CREATED)


class IdeaVoteView(APIView):
    """Vote for an idea (once) or take the vote back."""

    def _idea(self, request: Request, pk: int):
        return idea_selectors.idea_get(pk=pk, viewer=request.user)

    def _answer(self, request: Request, pk: int, code: int) -> Response:
        idea = self._idea(request, pk)
        return Response(
            IdeaVoteOutputSerializer(
                {"idea_id": idea.pk, "vote_count": idea.vote_count, "voted": idea.viewer_voted}
            ).data,
            status=code,
        )

    @extend_schema(
        operation_id="ideas_vote_create",
        request=None,
        responses={201: IdeaVoteOutputSerializer, **ERRORS, **NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        idea_vote(idea=self._idea(request, pk), member=request.user, now=timezone.now())
        return self._answer(request, pk, status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="ideas_vote_destroy",
        request=None,
        responses={200: IdeaVoteOutputSerializer, **ERRORS, **NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        idea_unvote(idea=self._idea(request, pk), member=request.user, now=timezone.now())
        return self._answer(request, pk, status.HTTP_200_OK)
