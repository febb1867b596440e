"""The comprehensive evaluation and the committee vote: public scores, candidates, votes, ballots, tallies."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from cycles.models import Cycle, Tier

from .enums import BallotChoice, Outcome, VoteStatus


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

    class Meta:
        verbose_name = _("committee vote")
        verbose_name_plural = _("committee votes")
        ordering = ["cycle", "tier__rank"]
        constraints = [models.UniqueConstraint(fields=["cycle", "tier"], name="one_vote_per_cycle_and_tier")]

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


class Ballot(models.Model):
    """One member's choice on one candidate.

    A random UUID key and no timestamp: neither the key order nor a time reveals who voted in
    which order. ``voter`` is filled only in an open vote; in a secret ballot it stays empty.
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
