"""Review rounds: the expert pool, drawn groups, declarations, score sheets, consensus, reports.

A ``Round`` exists for each review stage of a cycle (material review, defence, on-site review),
in the scheme's order. Each application in a round has a ``RoundEntry``; a ``ReviewGroup`` of drawn
reviewers reviews one entry or a batch. Every draw keeps its seed, its sorted eligible pool, the
exclusions with their reasons and its result, so that anyone can recompute it (``draw.draw``).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Authority
from applications.models import Application
from cycles.enums import StageKind
from cycles.models import Cycle, CycleStage, RubricItem

from .enums import REPORT_TITLES, DrawKind, EntryDecision, MemberStatus, PendingChangeKind, RelationKind, SheetStatus

# The margin (percentage points) beyond which the reviewers' scores of an item are flagged for
# consensus. A working setting of the office, not a regulation's number; each round may change it.
DEFAULT_CONSENSUS_MARGIN = 20


class ReviewerProfile(models.Model):
    """A reviewer in an authority's expert pool (评审员专家库)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_profiles")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="reviewer_profiles")
    field = models.CharField(_("field of expertise"), max_length=100, blank=True)
    industries = models.CharField(_("industries"), max_length=200, blank=True)
    industry_codes = models.JSONField(
        _("industries it is an expert of"),
        default=list,
        blank=True,
        help_text=_("Where a scheme wants an industry expert in each group (Qingyuan 二(四)), the draw reads these."),
    )
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    employer_credit_code = models.CharField(_("employer's unified social credit code"), max_length=18, blank=True)
    title = models.CharField(_("professional title"), max_length=100, blank=True)
    qualifications = models.TextField(_("qualifications"), blank=True)
    is_active = models.BooleanField(_("active in the pool"), default=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")
        ordering = ["authority", "user__display_name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "authority"], name="one_profile_per_pool")]

    def __str__(self):
        return self.user.display_name or self.user.username


class ReviewerRelation(models.Model):
    """A relation a reviewer declares to an organisation; drawing excludes it for that applicant."""

    profile = models.ForeignKey(ReviewerProfile, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("declared relation")
        verbose_name_plural = _("declared relations")
        ordering = ["profile", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(organisation_name="") | ~Q(credit_code=""), name="relation_names_organisation"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.organisation_name or self.credit_code}"


class PendingProfileChange(models.Model):
    """A change to a reviewer's declared employer or relations made once a round of its authority
    has drawn a group and before that round's stage ends: held, shown to the reviewer and the
    office, and applied (then deleted, the audit trail keeping both steps) once no round of the
    authority is drawing (``reviews.services.pool``). ``data`` holds what to apply: the new
    employer fields, the relation to declare, or the id of the relation to withdraw."""

    profile = models.ForeignKey(ReviewerProfile, on_delete=models.CASCADE, related_name="pending_changes")
    kind = models.CharField(_("change"), max_length=20, choices=PendingChangeKind.choices)
    data = models.JSONField(default=dict)
    summary = models.CharField(_("summary"), max_length=300)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending profile change")
        verbose_name_plural = _("pending profile changes")
        ordering = ["profile", "requested_at", "id"]

    def __str__(self):
        return self.summary


class Round(models.Model):
    """One review stage of a cycle: its entries, groups and reports."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="review_rounds")
    stage = models.OneToOneField(CycleStage, on_delete=models.PROTECT, related_name="review_round")
    kind = models.CharField(_("kind"), max_length=30, choices=StageKind.choices)
    consensus_margin = models.PositiveSmallIntegerField(
        _("consensus margin (percentage points)"),
        default=DEFAULT_CONSENSUS_MARGIN,
        help_text=_("Items on which reviewers differ by more than this are flagged. A working setting of the office."),
    )
    applicant_confirms_report = models.BooleanField(_("the applicant confirms the report"), default=False)
    confirmation_article = models.CharField(_("article"), max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["cycle", "stage__order"]

    def __str__(self):
        return f"{self.cycle} · {self.stage.name}"

    @property
    def report_title(self):
        return REPORT_TITLES.get(self.kind, _("Review report"))


class ReviewGroup(models.Model):
    """A review group (评审组) drawn for one application or a batch in a round."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="groups")
    number = models.PositiveSmallIntegerField(_("number"))
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("review group")
        verbose_name_plural = _("review groups")
        ordering = ["round", "number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="unique_group_number")]

    def __str__(self):
        return _("Review group %(number)s") % {"number": self.number}


class Draw(models.Model):
    """The record of one random draw: anyone can recompute ``result`` from ``seed``, ``pool`` and,
    where the scheme wants an industry expert in the group, ``industry_experts``."""

    group = models.ForeignKey(ReviewGroup, on_delete=models.PROTECT, related_name="draws")
    kind = models.CharField(_("kind"), max_length=20, choices=DrawKind.choices)
    seed = models.CharField(_("seed"), max_length=64)
    pool = models.JSONField(_("eligible pool (sorted profile ids)"))
    exclusions = models.JSONField(_("exclusions"), default=list)
    size = models.PositiveSmallIntegerField(_("size"))
    result = models.JSONField(_("result (profile ids in draw order)"))
    industry_experts = models.JSONField(
        _("experts of the applicants' industry in the pool (sorted profile ids)"), default=list, blank=True
    )
    industry_note = models.CharField(_("industry expert"), max_length=300, blank=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["group", "drawn_at", "id"]

    def __str__(self):
        return f"{self.group} · {self.get_kind_display()}"


class GroupMember(models.Model):
    group = models.ForeignKey(ReviewGroup, on_delete=models.PROTECT, related_name="members")
    profile = models.ForeignKey(ReviewerProfile, on_delete=models.PROTECT, related_name="memberships")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_memberships")
    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="members")
    is_leader = models.BooleanField(_("leader"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    reminded_at = models.DateTimeField(_("reminded of the round's end"), null=True, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "reviewer"], name="reviewer_once_per_group"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(is_leader=True, status=MemberStatus.ACTIVE), name="one_leader_per_group"
            ),
        ]

    def __str__(self):
        return str(self.profile)


class RoundEntry(models.Model):
    """An application in a round: its group, the staff's decision and the feedback it was given."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="review_entries")
    group = models.ForeignKey(ReviewGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    decision = models.CharField(
        _("decision"), max_length=20, choices=EntryDecision.choices, default=EntryDecision.PENDING
    )
    feedback = models.TextField(_("feedback to the applicant"), blank=True)
    commended = models.BooleanField(_("marked for commendation"), default=False)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("round entry")
        verbose_name_plural = _("round entries")
        ordering = ["round", "application__title"]
        constraints = [models.UniqueConstraint(fields=["round", "application"], name="application_once_per_round")]

    def __str__(self):
        return f"{self.application.title} · {self.round.stage.name}"


class Declaration(models.Model):
    """A reviewer's statement, before reading a dossier, that it has (no) conflict of interest."""

    entry = models.ForeignKey(RoundEntry, on_delete=models.PROTECT, related_name="declarations")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    has_conflict = models.BooleanField(_("has a conflict of interest"))
    statement = models.TextField(_("statement"), blank=True)
    article = models.CharField(_("article"), max_length=100, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        constraints = [models.UniqueConstraint(fields=["entry", "reviewer"], name="one_declaration_per_entry")]

    def __str__(self):
        return f"{self.entry} · {self.reviewer}"


class ScoreSheet(models.Model):
    """One reviewer's scores for one entry; final once submitted, unless the leader reopens it."""

    entry = models.ForeignKey(RoundEntry, on_delete=models.PROTECT, related_name="sheets")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="score_sheets")
    status = models.CharField(_("status"), max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [models.UniqueConstraint(fields=["entry", "reviewer"], name="one_sheet_per_reviewer")]

    def __str__(self):
        return f"{self.entry} · {self.reviewer}"


class ItemScore(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    percent = models.PositiveSmallIntegerField(_("percentage of the item's points"), null=True, blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    improvements = models.TextField(_("opportunities for improvement"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="one_score_per_item"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="score_percent_at_most_100"),
        ]

    def __str__(self):
        return f"{self.item}: {self.percent}%"


class ConsensusScore(models.Model):
    """The group's agreed score of an item for an entry, recorded by the leader."""

    entry = models.ForeignKey(RoundEntry, on_delete=models.PROTECT, related_name="consensus")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    percent = models.PositiveSmallIntegerField(_("consensus percentage"))
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, default=Decimal("0"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "item"], name="one_consensus_per_item"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="consensus_percent_at_most_100"),
        ]
        # The rankings sum an entry's points: read from the index alone (reviews.selectors).
        indexes = [models.Index(fields=["entry"], include=["points"], name="consensus_entry_points")]

    def __str__(self):
        return f"{self.item}: {self.percent}%"


class GroupReport(models.Model):
    """The group's report on an entry for the round (材料评审报告, 陈述答辩评议, 现场评审报告)."""

    entry = models.OneToOneField(RoundEntry, on_delete=models.PROTECT, related_name="report")
    text = models.TextField(_("report"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed by the applicant"), null=True, blank=True)
    applicant_comment = models.TextField(_("applicant's comment"), blank=True)

    class Meta:
        verbose_name = _("group report")
        verbose_name_plural = _("group reports")

    def __str__(self):
        return f"{self.entry.round.report_title} · {self.entry.application.title}"
