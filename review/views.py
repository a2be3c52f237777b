from django.db.models import Count, Q
from django.shortcuts import render

from provisions.models import Instrument

from .models import Contribution, Meeting, Participant, Position, Stance


def home(request):
    """The overview: the size of the record and the latest published positions."""
    instruments = Instrument.objects.annotate(provision_count=Count("provisions")).order_by("-year")
    stance_counts = Position.objects.published().aggregate(
        **{stance.value: Count("id", filter=Q(stance=stance.value)) for stance in Stance}
    )
    context = {
        "instruments": instruments,
        "stance_rows": [
            {"stance": stance.value, "label": stance.label, "symbol": stance.symbol, "count": stance_counts[stance.value]}
            for stance in Stance
        ],
        "position_count": sum(stance_counts.values()),
        "participant_count": Participant.objects.count(),
        "contribution_count": Contribution.objects.count(),
        "meetings": Meeting.objects.annotate(contribution_count=Count("contributions")),
        "latest_positions": Position.objects.published()
        .select_related("provision__instrument", "participant", "contribution")
        .order_by("-published_at", "-id")[:10],
    }
    return render(request, "review/home.html", context)
