"""The pages' FilterSets, used as they are by the API: one definition of each filter for HTML, CSV and JSON.

A bad parameter is a 400 whose body names it, with the pages' own message:
``{"stance": ["There is no stance 'maybe': use abrogate, retain, revise or add (or SUP, NOC, MOD, ADD)."]}``.
The OpenAPI parameters are read from the same FilterSet: names, labels, help texts and allowed values.
"""

from __future__ import annotations

import django_filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from review.filters import AsOfFilter, MarginListFilter, SingleTextFilter


class ReviewFilterBackend(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = view.filterset_class(data=request.query_params, queryset=queryset)
        if not filterset.is_valid():
            raise ValidationError({name: list(errors) for name, errors in filterset.form.errors.items()})
        return filterset.qs

    def get_schema_operation_parameters(self, view):
        filterset = view.filterset_class()
        return [
            self.parameter(name, filter_)
            for name, filter_ in filterset.filters.items()
            if name in filterset.form.fields  # a FilterSet may drop one (/changes/ has since and until, no as_of)
        ]

    @staticmethod
    def parameter(name: str, filter_) -> dict:
        field = filter_.field
        description = " ".join(str(text) for text in (filter_.label, field.help_text) if text)
        if isinstance(filter_, MarginListFilter | SingleTextFilter | AsOfFilter):
            return {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": {"type": "integer" if isinstance(filter_, AsOfFilter) else "string"},
            }
        item = {"type": "string"}
        if isinstance(filter_, django_filters.ModelMultipleChoiceFilter):
            # Participants, documents...: data, not vocabulary; the schema names the field, not the values.
            description += f" (by {filter_.extra.get('to_field_name', 'id')})"
        elif isinstance(filter_, django_filters.MultipleChoiceFilter) and name != "part":
            item["enum"] = [str(value) for value, _ in field.choices if value != ""]
        return {
            "name": name,
            "in": "query",
            "required": False,
            "description": description + " Repeat the parameter for several values (any of them matches).",
            "schema": {"type": "array", "items": item},
            "style": "form",
            "explode": True,
        }
