"""What each API resource holds. Fields are declared for the OpenAPI schema; ``to_representation`` builds
each object directly, since a page of up to 1,000 statements through DRF's field-by-field machinery costs
many times the query that reads it."""

from __future__ import annotations

from rest_framework import serializers

from review.models import STANCE_SYMBOLS, Stance


def stance_counts_field(help_text: str):
    return serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text=help_text + " Keys: " + ", ".join(Stance.values) + ".",
    )


class FastSerializer(serializers.Serializer):
    """A read-only serializer whose ``represent(obj, request)`` gives the dict at once."""

    def to_representation(self, instance):
        return self.represent(instance, self.context.get("request"))

    def represent(self, instance, request):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class PositionSerializer(FastSerializer):
    id = serializers.IntegerField(read_only=True)
    instrument = serializers.CharField(read_only=True, help_text="itrs-2012 or itrs-1988.")
    margin = serializers.CharField(read_only=True, help_text="The provision's margin number: 29, 1/1, 29A.")
    part = serializers.CharField(read_only=True, help_text="Preamble, Article 3, Appendix 1...")
    paragraph = serializers.CharField(read_only=True)
    participant = serializers.CharField(read_only=True, help_text="The participant's slug (its filter value).")
    participant_name = serializers.CharField(read_only=True)
    participant_kind = serializers.CharField(read_only=True)
    region = serializers.CharField(read_only=True, help_text="ITU region; empty where none applies.")
    stance = serializers.ChoiceField(choices=Stance.choices, read_only=True)
    symbol = serializers.CharField(read_only=True, help_text="ITU's change symbol: SUP, NOC, MOD, ADD.")
    tor_item = serializers.CharField(read_only=True, help_text="a, b, c, other, or empty.")
    contribution = serializers.CharField(
        read_only=True, allow_null=True, help_text="The document that states it (EG-ITRs-4/4), or null."
    )
    meeting = serializers.IntegerField(read_only=True, allow_null=True, help_text="That document's meeting, or null.")
    rationale = serializers.CharField(read_only=True)
    proposed_text = serializers.CharField(read_only=True, help_text="For revise and add.")
    published_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    provision_url = serializers.URLField(read_only=True, help_text="The provision's page, at this statement.")

    def represent(self, position, request):
        provision = position.provision
        contribution = position.contribution
        return {
            "id": position.pk,
            "instrument": provision.instrument.slug,
            "margin": provision.margin,
            "part": provision.part.export_label,
            "paragraph": provision.paragraph,
            "participant": position.participant.slug,
            "participant_name": position.participant.name,
            "participant_kind": position.participant.kind,
            "region": position.participant.region,
            "stance": position.stance,
            "symbol": STANCE_SYMBOLS.get(position.stance, ""),
            "tor_item": position.tor_item,
            "contribution": contribution.symbol if contribution else None,
            "meeting": contribution.meeting.number if contribution else None,
            "rationale": position.rationale,
            "proposed_text": position.proposed_text,
            "published_at": position.published_at.isoformat() if position.published_at else None,
            "updated_at": position.updated_at.isoformat(),
            "provision_url": absolute(request, f"{provision.get_absolute_url()}#position-{position.pk}"),
        }


class ProvisionSerializer(FastSerializer):
    id = serializers.IntegerField(read_only=True)
    instrument = serializers.CharField(read_only=True)
    margin = serializers.CharField(read_only=True)
    part = serializers.CharField(read_only=True)
    paragraph = serializers.CharField(read_only=True)
    final_acts_margin = serializers.CharField(read_only=True)
    subject = serializers.CharField(read_only=True, help_text="The tracker's short paraphrase, never treaty text.")
    is_unverified = serializers.BooleanField(read_only=True)
    is_proposed = serializers.BooleanField(
        read_only=True, help_text="Proposed by an ADD statement (29A), not in the instrument."
    )
    positions = stance_counts_field("Published positions on it that the filters select, by stance.")
    url = serializers.URLField(read_only=True)

    def represent(self, provision, request):
        return {
            "id": provision.pk,
            "instrument": provision.instrument.slug,
            "margin": provision.margin,
            "part": provision.part.export_label,
            "paragraph": provision.paragraph,
            "final_acts_margin": provision.final_acts_margin,
            "subject": provision.subject,
            "is_unverified": provision.is_unverified,
            "is_proposed": provision.is_proposed,
            "positions": {stance: getattr(provision, f"count_{stance}") for stance in Stance.values},
            "url": absolute(request, provision.get_absolute_url()),
        }


class ParticipantSerializer(FastSerializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.CharField(read_only=True, help_text="Its value in the participant filter.")
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    region = serializers.CharField(read_only=True)
    positions = stance_counts_field("Published positions it holds that the filters select, by stance.")
    documents = serializers.IntegerField(read_only=True, help_text="Documents it submitted.")
    url = serializers.URLField(read_only=True)

    def represent(self, participant, request):
        return {
            "id": participant.pk,
            "slug": participant.slug,
            "name": participant.name,
            "kind": participant.kind,
            "region": participant.region,
            "positions": {stance: getattr(participant, f"count_{stance}") for stance in Stance.values},
            "documents": participant.document_count,
            "url": absolute(request, participant.get_absolute_url()),
        }


class ContributionSerializer(FastSerializer):
    id = serializers.IntegerField(read_only=True)
    symbol = serializers.CharField(read_only=True)
    meeting = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    is_late = serializers.BooleanField(read_only=True)
    document_url = serializers.CharField(read_only=True, help_text="Where the document is published, if known.")
    submitters = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Participant slugs, in the record's order."
    )
    positions = serializers.IntegerField(read_only=True, help_text="Published positions it supports (filtered).")
    url = serializers.URLField(read_only=True)

    def represent(self, contribution, request):
        return {
            "id": contribution.pk,
            "symbol": contribution.symbol,
            "meeting": contribution.meeting.number,
            "number": contribution.number,
            "title": contribution.title,
            "is_late": contribution.is_late,
            "document_url": contribution.url,
            "submitters": [link.participant.slug for link in contribution.submitter_links.all()],
            "positions": contribution.position_count,
            "url": absolute(request, contribution.get_absolute_url()),
        }


class MeetingSerializer(FastSerializer):
    number = serializers.IntegerField(read_only=True)
    start_date = serializers.DateField(read_only=True)
    end_date = serializers.DateField(read_only=True)
    documents = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="Document symbols.")

    def represent(self, meeting, request):
        return {
            "number": meeting.number,
            "start_date": meeting.start_date.isoformat(),
            "end_date": meeting.end_date.isoformat(),
            "documents": [contribution.symbol for contribution in meeting.contributions.all()],
        }


class ChangeSerializer(FastSerializer):
    instrument = serializers.CharField(read_only=True)
    margin = serializers.CharField(read_only=True)
    participant = serializers.CharField(read_only=True, help_text="The participant's slug.")
    participant_name = serializers.CharField(read_only=True)
    change = serializers.CharField(read_only=True, help_text="new, changed or withdrawn.")
    before = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Stances current at the end of `since`."
    )
    after = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Stances current at the end of `until` (or now)."
    )
    superseded = serializers.ListField(child=serializers.CharField(), read_only=True)
    contributions = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Documents of the statements current after."
    )
    provision_url = serializers.URLField(read_only=True)

    def represent(self, change, request):
        return {
            "instrument": change.provision.instrument.slug,
            "margin": change.provision.margin,
            "participant": change.participant.slug,
            "participant_name": change.participant.name,
            "change": change.kind,
            "before": change.before,
            "after": change.after,
            "superseded": change.superseded,
            "contributions": change.documents,
            "provision_url": absolute(request, change.provision.get_absolute_url()),
        }
