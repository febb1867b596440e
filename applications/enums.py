from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    RECOMMENDED = "recommended", _("Recommended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    ELIMINATED = "eliminated", _("Not shortlisted")
    CANDIDATE = "candidate", _("Candidate")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")
    DISQUALIFIED = "disqualified", _("Disqualified")


S = ApplicationStatus

# The whole pipeline of an application on one screen: each state and where it may go next.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    # ELIMINATED from SUBMITTED: an objection upheld on Lanzhou's county notice (第十三条, 第二十九条).
    S.SUBMITTED: frozenset({S.RETURNED, S.RECOMMENDED, S.WITHDRAWN, S.ELIMINATED, S.DISQUALIFIED}),
    S.RETURNED: frozenset({S.SUBMITTED, S.WITHDRAWN, S.DISQUALIFIED}),
    S.RECOMMENDED: frozenset({S.ACCEPTED, S.REFUSED, S.WITHDRAWN, S.DISQUALIFIED}),
    # DISQUALIFIED: fraud found during the cycle (钦州 第二十五条 "当届"), from any state in the running.
    S.ACCEPTED: frozenset({S.ELIMINATED, S.CANDIDATE, S.DISQUALIFIED}),
    S.CANDIDATE: frozenset({S.AWARDED, S.NOT_AWARDED, S.ELIMINATED, S.DISQUALIFIED}),
    S.WITHDRAWN: frozenset(),
    S.REFUSED: frozenset(),
    S.ELIMINATED: frozenset(),
    S.AWARDED: frozenset(),
    S.NOT_AWARDED: frozenset(),
    S.DISQUALIFIED: frozenset(),
}

EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
IN_COMPETITION_STATES = frozenset({S.ACCEPTED, S.CANDIDATE})
