"""The API's front door."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class ApiRootView(APIView):
    """Where to start: the schema, the docs and who you are authenticated as."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "ApiRoot",
            {
                "version": serializers.CharField(),
                "schema": serializers.CharField(),
                "docs": serializers.CharField(),
                "authenticated": serializers.BooleanField(),
            },
        )
    )
    def get(self, request):
        return Response(
            {
                "version": "v1",
                "schema": request.build_absolute_uri("/api/schema/"),
                "docs": request.build_absolute_uri("/api/docs/"),
                "authenticated": request.user.is_authenticated,
            }
        )
