from django.db import models
from django.utils.translation import gettext_lazy as _


class VoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


# A vote opens when staff open it and closes once; nothing reopens a closed vote.
VOTE_TRANSITIONS: dict[str, frozenset[str]] = {
    VoteStatus.OPEN: frozenset({VoteStatus.CLOSED}),
    VoteStatus.CLOSED: frozenset(),
}


class BallotChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Outcome(models.TextChoices):
    WINNER = "winner", _("Proposed winner")
    TIE = "tie", _("Tied at the quota: staff to settle")
    NOT_ELECTED = "not_elected", _("Not elected")
