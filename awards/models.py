"""The register of awards and of sanctions: what cooling-off and bans are computed from.

An ``AwardRecord`` is written when a government approves a cycle's winners, or entered by the
office for awards given before this platform (``cycle`` empty). A ``SanctionRecord`` is a ban
decided after fraud, bribery or a revocation; its length comes from the scheme's ``Sanction``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cycles.enums import SanctionCause
from cycles.models import AwardScheme, Cycle, Tier

from .enums import BallotChoice, Outcome, VoteStatus


class AwardRecord(models.Model):
    scheme = models.ForeignKey(AwardScheme, on_delete=models.PROTECT, related_name="award_records")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="award_records")
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_records",
        help_text=_("Empty for an award given before this platform."),
    )
    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, null=True, blank=True, related_name="award_record"
    )
    holder_name = models.CharField(_("winner"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        db_index=True,
        help_text=_("For organisations; how later applications are matched to this award."),
    )
    person_id_number = models.CharField(_("identity document number"), max_length=30, blank=True, db_index=True)
    awarded_on = models.DateField(_("awarded on"))
    prize_amount = models.DecimalField(_("prize (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    counts_toward_quota = models.BooleanField(_("counts toward the quota"), default=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revocation_article = models.CharField(_("article"), max_length=100, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        verbose_name = _("award record")
        verbose_name_plural = _("register of winners")
        ordering = ["-awarded_on", "holder_name"]

    def __str__(self):
        return f"{self.holder_name} · {self.tier} ({self.awarded_on.year})"


class SanctionRecord(models.Model):
    scheme = models.ForeignKey(AwardScheme, on_delete=models.PROTECT, related_name="sanction_records")
    cause = models.CharField(_("cause"), max_length=20, choices=SanctionCause.choices)
    holder_name = models.CharField(_("sanctioned"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    person_id_number = models.CharField(_("identity document number"), max_length=30, blank=True, db_index=True)
    decided_on = models.DateField(_("decided on"))
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sanction_records",
        help_text=_("The cycle in which the fraud or bribery happened, if any."),
    )
    reason = models.TextField(_("reason"))
    article = models.CharField(_("article"), max_length=100, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        verbose_name = _("sanction record")
        verbose_name_plural = _("sanction records")
        ordering = ["-decided_on"]

    def __str__(self):
        return f"{self.holder_name} · {self.get_cause_display()} ({self.decided_on})"


class PublicEvaluationScore(models.Model):
    """社会公众评价 (Suizhou 第二十二条): the score staff enter for an application when the office
    holds a public evaluation; it counts in the comprehensive evaluation with its stage's weight."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="public_evaluation"
    )
    score = models.DecimalField(_("public evaluation score"), max_digits=7, decimal_places=2)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public evaluation score")
        verbose_name_plural = _("public evaluation scores")

    def __str__(self):
        return f"{self.application} · {self.score}"


class Candidacy(models.Model):
    """An application the comprehensive evaluation proposed as a candidate for one tier."""

    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT, related_name="candidacy")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="candidacies")
    total = models.DecimalField(_("total score"), max_digits=9, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["tier__rank", "rank", "id"]

    def __str__(self):
        return f"{self.application.title} · {self.tier}"


class CommitteeVote(models.Model):
    """The committee's vote on the candidates of one tier of a cycle.

    The rules in force (secret or open, quorum, majority and their article) are copied from the
    scheme when the vote opens, so that a later edit of the scheme cannot change a vote's reading.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="committee_votes")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="committee_votes")
    status = models.CharField(_("status"), max_length=10, choices=VoteStatus.choices, default=VoteStatus.OPEN)
    secret = models.BooleanField(_("secret ballot"))
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (per cent of members voting)"))
    majority_percent = models.PositiveSmallIntegerField(_("majority needed (per cent of votes cast)"))
    article = models.CharField(_("article"), max_length=100, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="committee_votes")
    candidates = models.ManyToManyField("applications.Application", related_name="committee_votes")
    closes_on = models.DateField(_("vote by"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    quorum_reached = models.BooleanField(_("quorum reached"), null=True, blank=True)
    ties_settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ties_settled_at = models.DateTimeField(_("ties settled"), null=True, blank=True)
    ties_reason = models.TextField(_("reason for settling the tie"), blank=True)

    class Meta:
        verbose_name = _("committee vote")
        verbose_name_plural = _("committee votes")
        ordering = ["cycle", "tier__rank"]
        constraints = [models.UniqueConstraint(fields=["cycle", "tier"], name="one_vote_per_cycle_and_tier")]

    def __str__(self):
        return f"{self.cycle} · {self.tier}"

    @property
    def is_open(self):
        return self.status == VoteStatus.OPEN

    @property
    def has_unsettled_tie(self):
        return self.lines.filter(outcome=Outcome.TIE).exists()


class VoteParticipation(models.Model):
    """That a member has voted, and when; in a secret ballot nothing ties it to a ballot."""

    vote = models.ForeignKey(CommitteeVote, on_delete=models.PROTECT, related_name="participations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    voted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["vote", "member"], name="one_participation_per_member")]

    def __str__(self):
        return f"{self.vote} · {self.member}"


class Ballot(models.Model):
    """One member's choice on one candidate.

    A random UUID key and no timestamp: neither the key order nor a time reveals who voted in
    which order. ``voter`` is filled only in an open vote; in a secret ballot it stays empty.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(CommitteeVote, on_delete=models.PROTECT, related_name="ballots")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("choice"), max_length=10, choices=BallotChoice.choices)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "application", "voter"],
                condition=models.Q(voter__isnull=False),
                name="one_open_ballot_per_voter_and_candidate",
            )
        ]

    def __str__(self):
        return f"{self.vote} · {self.get_choice_display()}"


class VoteLine(models.Model):
    """The tally of one candidate once the vote has closed, and what it means for the tier."""

    vote = models.ForeignKey(CommitteeVote, on_delete=models.PROTECT, related_name="lines")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="vote_lines")
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"))
    votes_abstain = models.PositiveIntegerField(_("abstain"))
    passed = models.BooleanField(_("majority reached"))
    repeat_winner = models.BooleanField(_("repeat winner"), default=False)
    counts_toward_quota = models.BooleanField(_("counts toward the quota"), default=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    prize_amount = models.DecimalField(_("prize (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    prize_rule = models.CharField(_("prize rule"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tally line")
        verbose_name_plural = _("tally")
        ordering = ["vote", "-votes_for", "application__title"]
        constraints = [models.UniqueConstraint(fields=["vote", "application"], name="one_line_per_candidate")]

    def __str__(self):
        return f"{self.application.title}: {self.votes_for}"
