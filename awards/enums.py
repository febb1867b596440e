from django.db import models
from django.utils.translation import gettext_lazy as _


class VoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FAILED = "failed", _("Failed: no quorum")


# A vote opens when staff open it and closes once, counted, when its quorum is reached; short of the
# quorum, staff record that it failed, with the reason, and the tier may be voted on again. Nothing
# reopens a closed or failed vote.
VOTE_TRANSITIONS: dict[str, frozenset[str]] = {
    VoteStatus.OPEN: frozenset({VoteStatus.CLOSED, VoteStatus.FAILED}),
    VoteStatus.CLOSED: frozenset(),
    VoteStatus.FAILED: frozenset(),
}


class BallotChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Outcome(models.TextChoices):
    WINNER = "winner", _("Proposed winner")
    TIE = "tie", _("Tied at the quota: staff to settle")
    NOT_ELECTED = "not_elected", _("Not elected")


class ConsultationAnswer(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    AGREE = "agree", _("Agrees")
    DISAGREE = "disagree", _("Disagrees")
    NO_REPLY = "no_reply", _("No reply by the date")


# A member unit's opinion is recorded once; "no reply" only once the date has passed.
CONSULTATION_MOVES: dict[str, frozenset[str]] = {
    ConsultationAnswer.PENDING: frozenset(
        {ConsultationAnswer.AGREE, ConsultationAnswer.DISAGREE, ConsultationAnswer.NO_REPLY}
    ),
    ConsultationAnswer.AGREE: frozenset(),
    ConsultationAnswer.DISAGREE: frozenset(),
    ConsultationAnswer.NO_REPLY: frozenset(),
}
