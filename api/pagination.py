"""Limit/offset pagination that refuses bad values instead of guessing (DRF's own ignores them)."""

from __future__ import annotations

from django.utils.translation import gettext
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
            message = gettext("Give %(parameter)s once, not several values (%(values)s).")
            raise ValidationError({name: [message % {"parameter": name, "values": ", ".join(values)}]})
        text = values[0].strip()
        words = {"parameter": name, "low": low, "high": high}
        try:
            number = int(text)
        except ValueError:
            if high is not None:
                message = gettext("%(parameter)s must be a whole number from %(low)s to %(high)s, not '%(value)s'.")
            else:
                message = gettext("%(parameter)s must be a whole number from %(low)s up, not '%(value)s'.")
            raise ValidationError({name: [message % {**words, "value": values[0]}]}) from None
        if number < low or (high is not None and number > high):
            if high is not None:
                message = gettext("%(parameter)s must be a whole number from %(low)s to %(high)s, not %(value)s.")
            else:
                message = gettext("%(parameter)s must be a whole number from %(low)s up, not %(value)s.")
            raise ValidationError({name: [message % {**words, "value": number}]})
        return number
