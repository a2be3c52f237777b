"""Limit/offset pagination that refuses bad values instead of guessing (DRF's own ignores them)."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """``count``, ``next``, ``previous``, ``results``; ``limit`` from 1 to 1000 (100 by default), ``offset``
    from 0. Anything else is a 400 naming the parameter and the value."""

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        return self._whole_number(request, self.limit_query_param, default=self.default_limit, low=1, high=MAX_LIMIT)

    def get_offset(self, request):
        return self._whole_number(request, self.offset_query_param, default=0, low=0, high=None)

    @staticmethod
    def _whole_number(request, name: str, *, default: int, low: int, high: int | None) -> int:
        values = request.query_params.getlist(name)
        if not values:
            return default
        if len(set(values)) > 1:
            raise ValidationError({name: [f"Give {name} once, not several values ({', '.join(values)})."]})
        text = values[0].strip()
        bounds = f"from {low} to {high}" if high is not None else f"from {low} up"
        try:
            number = int(text)
        except ValueError:
            raise ValidationError({name: [f"{name} must be a whole number {bounds}, not '{values[0]}'."]}) from None
        if number < low or (high is not None and number > high):
            raise ValidationError({name: [f"{name} must be a whole number {bounds}, not {number}."]})
        return number
