"""``/api/v1/``: read-only JSON for machines, with the filters of the pages (review.filters).

Each list takes its rows from the same FilterSet and ``for_<screen>()`` query as its page, so that the page,
its CSV and its JSON agree; limit/offset pagination (api.pagination); anonymous and rate-limited per client
address (api.throttling). Answers are cached and conditional like every public answer (dataversion.middleware),
served from the cache only once the rate limit has counted the request.
"""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from dataversion.middleware import serve_from_cache
from provisions.models import Provision
from review.filters import ChangesFilterSet, ContributionFilter, ParticipantFilter, PositionFilter, ProvisionFilter
from review.models import Contribution, Meeting, Participant, Position
from review.selectors import changes_between

from . import serializers
from .filters import ReviewFilterBackend
from .pagination import DEFAULT_LIMIT, MAX_LIMIT


class ReadOnlyAPIMixin:
    """What every endpoint shares: a clear 429, and the response cache consulted after the rate limit."""

    def throttled(self, request, wait):
        seconds = max(1, round(wait or 1))
        raise Throttled(
            wait=wait,
            detail=ngettext(
                "Too many requests from your address: try again in %(seconds)d second. Or download everything at "
                "once: /open-data/.",
                "Too many requests from your address: try again in %(seconds)d seconds. Or download everything at "
                "once: /open-data/.",
                seconds,
            )
            % {"seconds": seconds},
        )

    def get(self, request, *args, **kwargs):
        return serve_from_cache(request) or super().get(request, *args, **kwargs)


class ReviewListView(ReadOnlyAPIMixin, generics.ListAPIView):
    filter_backends = [ReviewFilterBackend]


class PositionList(ReviewListView):
    """Published positions (one per statement), in provision order, with the filters of /positions/."""

    queryset = Position.objects.for_position_list()
    filterset_class = PositionFilter
    serializer_class = serializers.PositionSerializer


class ProvisionList(ReviewListView):
    """Provisions in margin order, each with the number of published positions the filters select, by stance
    (as /provisions/)."""

    queryset = Provision.objects.all()
    filterset_class = ProvisionFilter
    serializer_class = serializers.ProvisionSerializer


class ParticipantList(ReviewListView):
    """Participants by name, with their published positions by stance and their documents (as /participants/)."""

    queryset = Participant.objects.all()
    filterset_class = ParticipantFilter
    serializer_class = serializers.ParticipantSerializer


class ContributionList(ReviewListView):
    """The documents by meeting, with submitters and the positions each supports (as /contributions/)."""

    queryset = Contribution.objects.all()
    filterset_class = ContributionFilter
    serializer_class = serializers.ContributionSerializer


class MeetingList(ReadOnlyAPIMixin, generics.ListAPIView):
    """The meetings of the EG-ITRs, with their documents."""

    queryset = Meeting.objects.for_meeting_list()
    serializer_class = serializers.MeetingSerializer


class ChangeList(ReviewListView):
    """Per participant and provision, how the current stances changed between the end of meeting ``since`` and
    the end of meeting ``until`` (or now): new, changed (old stances superseded) or withdrawn (as /changes/)."""

    queryset = Position.objects.none()
    filterset_class = ChangesFilterSet
    serializer_class = serializers.ChangeSerializer

    def list(self, request, *args, **kwargs):
        filterset = ChangesFilterSet(request.query_params)
        if not filterset.is_valid():
            raise ValidationError({name: list(errors) for name, errors in filterset.form.errors.items()})
        since, until = filterset.meetings
        changes = changes_between(filterset.selection, since=since, until=until) if since else []
        page = self.paginate_queryset(changes)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


ENDPOINTS = {
    "positions": "api:positions",
    "provisions": "api:provisions",
    "participants": "api:participants",
    "contributions": "api:contributions",
    "meetings": "api:meetings",
    "changes": "api:changes",
    "schema": "api:schema",
    "docs": "api:docs",
}


class Root(ReadOnlyAPIMixin, APIView):
    """The endpoints of the API, the schema and the documentation."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return serve_from_cache(request) or Response(
            {name: request.build_absolute_uri(reverse(url_name)) for name, url_name in ENDPOINTS.items()}
        )


def documentation(request):
    """/api/v1/docs/: the OpenAPI document read for people, rendered here (no script, from this host)."""
    schema = SchemaGenerator(patterns=None, urlconf=None).get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    endpoints = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            response = operation.get("responses", {}).get("200", {})
            content = response.get("content", {}).get("application/json", {}).get("schema", {})
            page = components.get(content.get("$ref", "").rsplit("/", 1)[-1], {})
            results = page.get("properties", {}).get("results", {}).get("items", {})
            item = components.get(results.get("$ref", "").rsplit("/", 1)[-1], {})
            endpoints.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "anchor": path.strip("/").replace("/", "-"),
                    "summary": operation.get("description", "").strip(),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "type": describe_type(parameter.get("schema", {})),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "fields": [
                        {"name": name, "type": describe_type(field), "description": field.get("description", "")}
                        for name, field in item.get("properties", {}).items()
                    ],
                }
            )
    context = {
        "endpoints": endpoints,
        "info": schema["info"],
        "default_limit": DEFAULT_LIMIT,
        "max_limit": MAX_LIMIT,
        "schema_url": reverse("api:schema"),
        "root_url": request.build_absolute_uri(reverse("api:root")),
    }
    return render(request, "api/docs.html", context)


def describe_type(schema: dict) -> str:
    """A schema's type for people: ``array of string``, ``integer or null``, ``one of: a, b``."""
    if "enum" in schema:
        values = [str(value) for value in schema["enum"] if value not in ("", None)]
        return "one of: " + ", ".join(values)
    kind = schema.get("type", "object")
    if kind == "array":
        kind = "array of " + describe_type(schema.get("items", {}))
    if schema.get("format") in {"date", "date-time", "uri"}:
        kind = schema["format"]
    if schema.get("nullable"):
        kind += " or null"
    return kind
