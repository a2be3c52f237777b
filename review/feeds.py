"""``/feeds/positions/``: an Atom 1.0 feed of newly published statements, with the filters of the pages.

The same parameters as ``/positions/`` (``participant``, ``instrument`` and ``margin`` for one provision,
``stance``, ``meeting``...), read by the same FilterSet; newest published first. Each entry links to its
provision's page, at the statement (``#position-<id>``). A bad parameter is a 400 naming it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .exports import bad_export_response, filters_unusable_message
from .filters import PositionFilter
from .models import Position

# Entries per feed: a feed says what is new; the full record is in the exports and the API.
FEED_ENTRIES = 50


class PositionFeed(Feed):
    """One instance serves every request (Django's syndication framework), so the request's filters travel
    as the feed's object, never as an attribute."""

    feed_type = Atom1Feed
    title = _("ITRs Review Tracker: newly published positions")
    subtitle = _("Positions of the members of the EG-ITRs on the provisions of the ITRs, newest first.")
    author_name = "ITRs Review Tracker"

    def __call__(self, request, *args, **kwargs):
        filterset = PositionFilter(request.GET, queryset=Position.objects.for_position_list())
        if not filterset.is_valid():
            return bad_export_response(filters_unusable_message(filterset.error_messages))
        response = super().__call__(request, filterset=filterset)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response

    def get_object(self, request, filterset):
        return FeedRequest(filterset=filterset, query=request.GET.urlencode(), path=request.get_full_path())

    def link(self, feed: FeedRequest):
        return reverse("review:position-list") + (f"?{feed.query}" if feed.query else "")

    def feed_url(self, feed: FeedRequest):
        return feed.path

    def items(self, feed: FeedRequest):
        return list(feed.filterset.qs.order_by("-published_at", "-pk")[:FEED_ENTRIES])

    def item_title(self, position):
        return gettext("%(participant)s: %(symbol)s (%(stance)s) on %(provision)s") % self.words(position)

    def item_description(self, position):
        parts = [gettext("%(participant)s: %(stance)s (%(symbol)s), %(provision)s.") % self.words(position)]
        if position.contribution_id:
            parts.append(gettext("Stated in %(document)s.") % {"document": position.contribution.symbol})
        if position.rationale:
            parts.append(gettext("Rationale: %(text)s") % {"text": position.rationale})
        if position.proposed_text:
            parts.append(gettext("Proposed text: %(text)s") % {"text": position.proposed_text})
        return "\n\n".join(parts)

    @staticmethod
    def words(position) -> dict[str, str]:
        return {
            "participant": position.participant.name,
            "symbol": position.symbol,
            "stance": position.get_stance_display(),
            "provision": str(position.provision),
        }

    def item_link(self, position):
        return f"{position.provision.get_absolute_url()}#position-{position.pk}"

    def item_guid(self, position):
        return f"tag:itrs-review-tracker,2026:position-{position.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, position):
        return position.published_at

    def item_updateddate(self, position):
        return position.updated_at

    def item_author_name(self, position):
        return position.participant.name

    def item_categories(self, position):
        return [position.symbol, position.provision.instrument.slug]


@dataclass(frozen=True)
class FeedRequest:
    filterset: PositionFilter
    query: str
    path: str
