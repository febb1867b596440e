"""The comprehensive evaluation and the committee vote: public scores, candidates, votes, ballots, tallies."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Authority
from applications.models import Application
from cycles.models import Cycle, CycleStage, Tier
from register.models import AwardRecord
from register.prize_rules import prize_rule_text

from .enums import BallotChoice, ConsultationAnswer, Outcome, VoteStatus
from .storage import approval_upload_to


class PublicEvaluationScore(models.Model):
    """社会公众评价 (Suizhou 第二十二条): the score staff enter for an application when the office
    holds a public evaluation; it counts in the comprehensive evaluation with its stage's weight."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="public_evaluation")
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

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="candidacy")
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
    """The committee's vote on the candidates of one tier of a cycle, or, where the scheme says so
    (Qinzhou 第十九条), one vote on every applicant still in competition that produces the list of
    every tier (``all_tiers``; ``tier`` is then the highest tier, where the vote begins).

    The rules in force (secret or open, quorum, majority and their article) are copied from the
    scheme when the vote opens, so that a later edit of the scheme cannot change a vote's reading.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="committee_votes")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="committee_votes")
    all_tiers = models.BooleanField(_("one vote for every tier"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=VoteStatus.choices, default=VoteStatus.OPEN)
    secret = models.BooleanField(_("secret ballot"))
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (per cent of members voting)"))
    majority_percent = models.PositiveSmallIntegerField(_("majority needed (per cent of votes cast)"))
    article = models.CharField(_("article"), max_length=100, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="committee_votes")
    candidates = models.ManyToManyField(Application, related_name="committee_votes")
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
    failure_reason = models.TextField(_("why the vote failed"), blank=True)

    class Meta:
        verbose_name = _("committee vote")
        verbose_name_plural = _("committee votes")
        ordering = ["cycle", "tier__rank", "opened_at"]
        constraints = [
            # A tier is voted on once, unless a vote on it failed for want of a quorum.
            models.UniqueConstraint(
                fields=["cycle", "tier"], condition=~Q(status=VoteStatus.FAILED), name="one_vote_per_cycle_and_tier"
            ),
            models.CheckConstraint(
                condition=~Q(status=VoteStatus.FAILED) | ~Q(failure_reason=""), name="failed_vote_has_reason"
            ),
        ]

    def __str__(self):
        if self.all_tiers:
            return f"{self.cycle} · {'、'.join(t.name for t in self.cycle.scheme.tiers.order_by('rank'))}"
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


class BallotBox(models.Model):
    """The sealed ballots of a secret vote while it is open: one row per vote holding every ballot
    cast so far as one ciphertext (``awards.ballot_box``), rewritten whole at each cast, opened into
    ``Ballot`` rows and deleted when the vote closes. No voter, no time (``awards.services.votes``)."""

    vote = models.OneToOneField(CommitteeVote, on_delete=models.CASCADE, related_name="ballot_box")
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("sealed ballot box")
        verbose_name_plural = _("sealed ballot boxes")

    def __str__(self):
        return str(self.vote)


class Ballot(models.Model):
    """One member's choice on one candidate.

    In an open vote it names its ``voter`` and is written with the member's participation. In a
    secret vote it has no voter and exists only once the vote has closed: the closing writes every
    ballot of the vote at once, in random order (``awards.services.votes``). A random UUID key and
    no timestamp: neither the key order nor a time reveals who voted in which order.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(CommitteeVote, on_delete=models.PROTECT, related_name="ballots")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("choice"), max_length=10, choices=BallotChoice.choices)
    # In a vote for every tier, the tier a ballot in favour is for.
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
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
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="vote_lines")
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"))
    votes_abstain = models.PositiveIntegerField(_("abstain"))
    # The tier the outcome is for: the vote's tier, or in a vote for every tier the one the
    # candidate is placed in (empty when it is placed in none).
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, null=True, blank=True, related_name="vote_lines")
    votes_by_tier = models.JSONField(_("votes in favour by tier"), default=dict, blank=True)
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

    @property
    def prize_rule_text(self) -> str:
        return prize_rule_text(self.prize_rule)


class CyclePrize(models.Model):
    """The prize of a tier for one cycle, where the regulation leaves the amount to the office
    (晋中 第十九条: 一次性奖励金, amount not fixed)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="prizes")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="cycle_prizes")
    amount = models.DecimalField(_("prize (yuan)"), max_digits=12, decimal_places=2)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("prize of the cycle")
        verbose_name_plural = _("prizes of the cycle")
        constraints = [models.UniqueConstraint(fields=["cycle", "tier"], name="one_prize_per_cycle_and_tier")]

    def __str__(self):
        return f"{self.cycle} · {self.tier}: {self.amount}"


class ConsultedUnit(models.Model):
    """A member unit whose opinion the office asks on the proposed winners (随州 第二十三条)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="consulted_units")
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("consulted"), default=True)

    class Meta:
        verbose_name = _("consulted member unit")
        verbose_name_plural = _("consulted member units")
        ordering = ["authority", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="unique_consulted_unit")]

    def __str__(self):
        return self.name


class Consultation(models.Model):
    """The consultation of the member units on the proposed winners of a cycle."""

    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="consultation")
    stage = models.OneToOneField(CycleStage, on_delete=models.PROTECT, related_name="consultation")
    reply_by = models.DateField(_("reply by"))
    article = models.CharField(_("article"), max_length=100, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return f"{self.cycle} · {self.stage}"


class ConsultationOpinion(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="opinions")
    unit = models.ForeignKey(ConsultedUnit, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(
        _("opinion"), max_length=20, choices=ConsultationAnswer.choices, default=ConsultationAnswer.PENDING
    )
    reasons = models.TextField(_("reasons"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opinion of a member unit")
        verbose_name_plural = _("opinions of the member units")
        ordering = ["consultation", "unit__order", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["consultation", "unit"], name="one_opinion_per_unit")]

    def __str__(self):
        return f"{self.unit}: {self.get_answer_display()}"


class GovernmentApproval(models.Model):
    """The government's decision on the winners of a cycle: who issued it, its number and date, its file."""

    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="approval")
    issuing_body = models.CharField(_("issued by"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100)
    decided_on = models.DateField(_("date of the decision"))
    file = models.FileField(_("the decision"), upload_to=approval_upload_to, max_length=200, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    article = models.CharField(_("article"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)

    class Meta:
        verbose_name = _("government approval")
        verbose_name_plural = _("government approvals")

    def __str__(self):
        return f"{self.cycle} · {self.document_number}"


class ApprovalLine(models.Model):
    """One proposed winner on the government's decision: approved, or struck out with the reason."""

    approval = models.ForeignKey(GovernmentApproval, on_delete=models.PROTECT, related_name="lines")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="approval_lines")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    approved = models.BooleanField(_("approved"), default=True)
    struck_reason = models.TextField(_("why struck out"), blank=True)
    award_record = models.OneToOneField(
        AwardRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="approval_line"
    )

    class Meta:
        verbose_name = _("approved winner")
        verbose_name_plural = _("approved winners")
        ordering = ["approval", "tier__rank", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["approval", "application"], name="one_line_per_approved_application"),
            models.CheckConstraint(
                condition=models.Q(approved=True) | ~models.Q(struck_reason=""), name="struck_line_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.application.title} · {self.tier}"


class VoteWithdrawal(models.Model):
    """A committee member's declaration, before casting its ballot, that it has an interest in a
    candidate: its ballot on that candidate is an abstention (随州 第二十八条). The declaration is
    open; the ballot stays as secret as any other."""

    vote = models.ForeignKey(CommitteeVote, on_delete=models.PROTECT, related_name="withdrawals")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(_("interest declared"))
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("withdrawal from a candidate")
        verbose_name_plural = _("withdrawals from candidates")
        ordering = ["vote", "declared_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "member", "application"], name="one_withdrawal_per_candidate")
        ]

    def __str__(self):
        return f"{self.member} · {self.application}"
