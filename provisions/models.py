"""The ITRs themselves: instruments, their parts and provisions, and how 2012 maps to 1988."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .margins import MarginListError, margin_sort_key


class Instrument(models.Model):
    """One version of the ITRs: the 2012 ITRs (Dubai) or the 1988 ITRs (Melbourne)."""

    slug = models.SlugField(
        verbose_name=_("slug"),
        unique=True,
        help_text=_("Stable identifier used in URLs and exports, e.g. itrs-2012."),
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    short_name = models.CharField(verbose_name=_("short name"), max_length=40, help_text=_("e.g. 2012 ITRs"))
    year = models.PositiveSmallIntegerField(verbose_name=_("year"), unique=True)
    conference = models.CharField(
        verbose_name=_("conference"), max_length=200, help_text=_("The conference that adopted it.")
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["-year"]

    def __str__(self):
        # What the filters' and forms' choices show: the name in the reader's language.
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The short name in the reader's language ("RTI de 2012"): stored in English, which the exports,
        the imports and the API keep; provisions/reference.py marks the two names for the catalogues."""
        return gettext(self.short_name)


class PartKind(models.TextChoices):
    PREAMBLE = "preamble", _("Preamble")
    ARTICLE = "article", _("Article")
    APPENDIX = "appendix", _("Appendix")


class Part(models.Model):
    """The Preamble, an Article or an Appendix of one instrument."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="parts"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=PartKind.choices)
    number = models.CharField(
        verbose_name=_("number"),
        max_length=10,
        blank=True,
        help_text=_("Article or appendix number; empty for the Preamble."),
    )
    heading = models.CharField(verbose_name=_("heading"), max_length=200, help_text=_("The official heading."))
    final_acts_number = models.CharField(
        verbose_name=_("final acts number"),
        max_length=20,
        blank=True,
        help_text=_("Where the 2012 Final Acts print a different article number (e.g. 6)."),
    )
    order = models.PositiveSmallIntegerField(
        verbose_name=_("order"), help_text=_("Position of the part within its instrument.")
    )

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        # Own columns only: ordering by "instrument" would follow Instrument's ordering through a join.
        ordering = ["instrument_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "kind", "number"], name="part_unique_per_instrument"),
            models.UniqueConstraint(fields=["instrument", "order"], name="part_order_unique_per_instrument"),
            models.CheckConstraint(condition=models.Q(kind__in=PartKind.values), name="part_kind_valid"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """How the part is named in the reader's language: Preamble, Article 3, Appendix 1."""
        return part_label(self.kind, self.number)

    @property
    def export_label(self) -> str:
        """The label in English whatever the page's language: the exports and the API are data
        that scripts read, the same in every language (as the positions CSV, part_label_expression)."""
        return part_label(self.kind, self.number, translated=False)

    @property
    def full_label(self) -> str:
        """The label and the heading: "Article 6: Security and robustness of networks"; the
        Preamble, whose heading is its label, once ("Preamble")."""
        if not self.heading or self.heading.casefold() == self.label.casefold():
            return self.label
        # A sentence to translate: French puts a space before the colon, Chinese writes a full-width one.
        return pgettext("a part of the ITRs and its heading", "%(part)s: %(heading)s") % {
            "part": self.label,
            "heading": self.heading,
        }

    @property
    def slug(self) -> str:
        """The value of the ``part`` filter: ``preamble``, ``article-3``, ``appendix-1``."""
        return part_slug(self.kind, self.number)


# How each kind of part is named with its number, in English: translated on the pages (part_label),
# as written here in the exports and the API.
PART_LABELS = {
    PartKind.PREAMBLE: gettext_noop("Preamble"),
    PartKind.ARTICLE: gettext_noop("Article %(number)s"),
    PartKind.APPENDIX: gettext_noop("Appendix %(number)s"),
}


def part_label(kind: str, number: str, *, translated: bool = True) -> str:
    """How a part is named: Preamble, Article 3, Appendix 1 (also for rows read with values()), in
    the reader's language, or in English where not ``translated`` (exports)."""
    template = PART_LABELS[PartKind(kind)]
    return (gettext(template) if translated else template) % {"number": number}


def part_label_expression(path: str) -> models.Expression:
    """``part_label`` in English computed by the database, for the part at ``path`` (e.g.
    ``provision__part``): what exports read for every row without a Python call per row."""
    kind, number = models.F(f"{path}__kind"), models.F(f"{path}__number")
    return models.Case(
        models.When(**{f"{path}__kind": PartKind.PREAMBLE}, then=models.Value(PART_LABELS[PartKind.PREAMBLE])),
        *(
            models.When(
                **{f"{path}__kind": part_kind},
                then=Concat(models.Value(PART_LABELS[part_kind].removesuffix("%(number)s")), number),
            )
            for part_kind in (PartKind.ARTICLE, PartKind.APPENDIX)
        ),
        default=kind,
        output_field=models.CharField(),
    )


# How a provision proposed by ADD statements is marked wherever it is shown or exported: as
# written here in the exports, translated on the pages (gettext(PROPOSED_MARK)).
PROPOSED_MARK = gettext_noop("proposed, not in the instrument")


def part_slug(kind: str, number: str) -> str:
    """The ``part`` filter value of a part: ``preamble``, ``article-3``, ``appendix-1``."""
    return kind if kind == PartKind.PREAMBLE else f"{kind}-{number}"


class Confidence(models.TextChoices):
    HIGH = "high", _("High: seen in a source")
    MEDIUM = "medium", _("Medium: content seen, numbering inferred")
    LOW = "low", _("Low: placeholder, not verified")


# What a text search reads of a provision: its numbers (margin, Final Acts margin, paragraph) and
# its words (subject, text).
PROVISION_SEARCH_FIELDS = ["margin", "final_acts_margin", "paragraph", "subject", "text"]


# The confidence of a placeholder (Provision.is_placeholder): the one rule, also read by the
# positions export, which the database computes.
PLACEHOLDER_CONFIDENCE = Confidence.LOW


class ProvisionQuerySet(models.QuerySet):
    def search(self, q: str, *, also: models.Q | models.Expression | None = None):
        """Provisions whose margin, Final Acts margin, paragraph, subject or text hold every word
        of ``q`` as a whole word (case and accents ignored), or that meet ``also`` (the review
        adds the text of the statements on each). The rule: ``provisions.search``."""
        from .search import text_condition

        condition = text_condition(q=q, fields=PROVISION_SEARCH_FIELDS)
        if also is not None:
            condition |= also
        return self.filter(condition)

    def for_compare(self):
        """Rows of the comparison matrix: provisions with their part, in natural order."""
        return self.select_related("instrument", "part").order_by("-instrument__year", "sort_key")

    def for_provision_detail(self):
        """The provision page: instrument and part, and both directions of the correspondence
        with the provision at the other end (two prefetch queries)."""
        return self.select_related("instrument", "part").prefetch_related(
            models.Prefetch(
                "sources_1988",
                queryset=Correspondence.objects.select_related("provision_1988__instrument", "provision_1988__part"),
            ),
            models.Prefetch(
                "successors_2012",
                queryset=Correspondence.objects.select_related("provision_2012__instrument", "provision_2012__part"),
            ),
        )

    def in_instrument(self):
        """The provisions the instrument has: not those proposed by ADD statements."""
        return self.filter(is_proposed=False)

    def for_instrument(self, instrument):
        """Provisions of one instrument (an Instrument or its slug), in natural margin order."""
        if isinstance(instrument, str):
            return self.filter(instrument__slug=instrument).order_by("sort_key")
        return self.filter(instrument=instrument).order_by("sort_key")

    def in_order(self):
        """Natural order across instruments: newest instrument first, then by margin."""
        return self.order_by("-instrument__year", "sort_key")


class Provision(models.Model):
    """One numbered paragraph of an instrument, identified by its margin number."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="provisions"
    )
    part = models.ForeignKey(Part, verbose_name=_("part"), on_delete=models.PROTECT, related_name="provisions")
    margin = models.CharField(
        verbose_name=_("margin"),
        max_length=12,
        help_text=_("Margin number: 29, 2A, 1/1. For 2012, the EG-ITRs sequential numbering."),
    )
    # Natural margin order lives in the database so that every list can ORDER BY it
    # (see provisions.margins.Margin.sort_key); kept in step with `margin` by save().
    sort_key = models.CharField(verbose_name=_("sort key"), max_length=24, editable=False, blank=True)
    final_acts_margin = models.CharField(
        verbose_name=_("final acts margin"),
        max_length=12,
        blank=True,
        help_text=_("The margin printed in the Final Acts, where it differs or is known."),
    )
    paragraph = models.CharField(
        verbose_name=_("paragraph"),
        max_length=80,
        blank=True,
        help_text=_("Paragraph number as printed, e.g. 3.3 or 1.1 a)."),
    )
    subject = models.CharField(
        verbose_name=_("subject"), max_length=200, help_text=_("Our short paraphrase; never treaty text.")
    )
    text = models.TextField(
        verbose_name=_("text"),
        blank=True,
        help_text=_("The treaty text, imported by a user from their copy of the Final Acts."),
    )
    confidence = models.CharField(
        verbose_name=_("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.HIGH
    )
    is_unverified = models.BooleanField(
        verbose_name=_("is unverified"),
        default=False,
        help_text=_("The sources leave this provision's margin, paragraph or content unverified."),
    )
    is_proposed = models.BooleanField(
        verbose_name=_("is proposed"),
        default=False,
        help_text=_("A new provision proposed by ADD statements (e.g. 29A after 29): not in the instrument."),
    )

    history = HistoricalRecords(excluded_fields=["sort_key"])
    objects = ProvisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        # Own columns only (see Part.Meta); lists across instruments use in_order().
        ordering = ["instrument_id", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "margin"], name="provision_margin_unique_per_instrument"),
            # Also the index behind every list of provisions in margin order within an instrument.
            models.UniqueConstraint(fields=["instrument", "sort_key"], name="provision_sort_key_unique_per_instrument"),
            models.CheckConstraint(
                condition=models.Q(confidence__in=Confidence.values), name="provision_confidence_valid"
            ),
        ]

    def __str__(self):
        return gettext("%(instrument)s margin %(margin)s") % {
            "instrument": self.instrument.shown_name,
            "margin": self.margin,
        }

    def save(self, *args, **kwargs):
        self.sort_key = margin_sort_key(self.margin)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("review:provision-detail", args=[self.instrument.slug, self.margin])

    @property
    def is_placeholder(self) -> bool:
        """Whether the sources rate this provision low: "a plausible placeholder; content and/or
        position not verified" (fixtures/reference/README.md). Its subject and paragraph are then
        research notes ("Unidentified fifth item ... (not seen)"), not content."""
        return self.confidence == PLACEHOLDER_CONFIDENCE

    @property
    def shown_subject(self) -> str:
        """The subject as the public pages and exports show it: none for a placeholder."""
        return "" if self.is_placeholder else self.subject

    @property
    def shown_paragraph(self) -> str:
        """The paragraph as the public pages and exports show it: none for a placeholder."""
        return "" if self.is_placeholder else self.paragraph

    def clean(self):
        try:
            self.sort_key = margin_sort_key(self.margin)
        except MarginListError as error:
            raise ValidationError({"margin": error.message}) from error
        if self.part_id and self.instrument_id and self.part.instrument_id != self.instrument_id:
            raise ValidationError({"part": gettext("The part belongs to another instrument.")})


class Relation(models.TextChoices):
    SAME = "same", _("Same (no substantive change known)")
    AMENDED = "amended", _("Amended")
    NEW = "new", _("New in 2012")
    SPLIT = "split", _("Split")
    MERGED = "merged", _("Merged")


# The relation shown for a 2012 provision the correspondence calls new although its own content was
# never seen (see Correspondence.supported_relation): the sources identify no 1988 counterpart, which
# is not the same as there being none.
NO_COUNTERPART_IDENTIFIED = "unidentified"

RELATION_LABELS = {
    **dict(Relation.choices),
    NO_COUNTERPART_IDENTIFIED: _("No 1988 counterpart identified"),
}


class CorrespondenceQuerySet(models.QuerySet):
    def for_versions(self):
        """Every correspondence with both provisions, in 2012 margin order (the versions table)."""
        return self.select_related(
            "provision_2012__part", "provision_2012__instrument", "provision_1988__part", "provision_1988__instrument"
        ).order_by("provision_2012__sort_key", "provision_1988__sort_key")


class Correspondence(models.Model):
    """A link between a 2012 provision and the 1988 provision it comes from.

    A 2012 provision new in 2012 has one row with no 1988 provision; a merged provision has one
    row per 1988 source. 1988 provisions deleted in 2012 have no row (as in the reference table).
    """

    provision_2012 = models.ForeignKey(
        Provision, verbose_name=_("provision 2012"), on_delete=models.CASCADE, related_name="sources_1988"
    )
    provision_1988 = models.ForeignKey(
        Provision,
        verbose_name=_("provision 1988"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="successors_2012",
    )
    relation = models.CharField(verbose_name=_("relation"), max_length=10, choices=Relation.choices)
    is_uncertain = models.BooleanField(
        verbose_name=_("is uncertain"), default=False, help_text=_("The 1988 source is a best guess.")
    )

    objects = CorrespondenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("correspondence")
        verbose_name_plural = _("correspondences")
        constraints = [
            models.UniqueConstraint(fields=["provision_2012", "provision_1988"], name="correspondence_unique_pair"),
            models.UniqueConstraint(
                fields=["provision_2012"],
                condition=models.Q(provision_1988__isnull=True),
                name="correspondence_one_unmatched_row",
            ),
            models.CheckConstraint(
                condition=models.Q(relation__in=Relation.values), name="correspondence_relation_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(relation="new", provision_1988__isnull=True)
                | (~models.Q(relation="new") & models.Q(provision_1988__isnull=False)),
                name="correspondence_new_has_no_source",
            ),
        ]

    def __str__(self):
        older = self.provision_1988.margin if self.provision_1988 else pgettext("no 1988 margin", "none")
        return gettext("2012 %(margin_2012)s ← 1988 %(margin_1988)s (%(relation)s)") % {
            "margin_2012": self.provision_2012.margin,
            "margin_1988": older,
            "relation": self.relation,
        }

    @property
    def supported_relation(self) -> str:
        """The relation as far as the sources support it: ``relation``, except ``new`` on a 2012
        provision of low confidence, which is NO_COUNTERPART_IDENTIFIED.

        The reference tables record "new" as an empty 1988 margin, the same way as a 1988 source
        nobody identified; and their README rates low "a plausible placeholder; content and/or
        position not verified" (EG 54-58: "not seen"). Whether a provision nobody has read is new
        cannot be known, so it is said to have no counterpart identified. Where the content was seen
        (high, medium), "new" stands. Needs ``provision_2012`` (select it with the link).
        """
        if self.relation == Relation.NEW and self.provision_2012.confidence == Confidence.LOW:
            return NO_COUNTERPART_IDENTIFIED
        return self.relation

    @property
    def supported_relation_label(self) -> str:
        return RELATION_LABELS[self.supported_relation]

    def clean(self):
        if self.provision_2012_id and self.provision_2012.instrument.year != 2012:
            raise ValidationError({"provision_2012": gettext("Choose a provision of the 2012 ITRs.")})
        if self.provision_1988_id and self.provision_1988.instrument.year != 1988:
            raise ValidationError({"provision_1988": gettext("Choose a provision of the 1988 ITRs.")})
