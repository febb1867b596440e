from django.db import models
from django.utils.translation import gettext_lazy as _

from cycles.enums import StageKind


class RelationKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    FORMER_EMPLOYER = "former_employer", _("Former employer")
    FAMILY = "family", _("Family member works there")
    CONSULTING = "consulting", _("Consulting work")


class PendingChangeKind(models.TextChoices):
    """A change to a reviewer's declarations held while a round of its authority is drawing."""

    EMPLOYER = "employer", _("Change of employer")
    RELATION_ADDED = "relation_added", _("Relation declared")
    RELATION_REMOVED = "relation_removed", _("Relation withdrawn")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("In the group")
    WITHDRAWN = "withdrawn", _("Withdrawn (conflict of interest)")


MEMBER_MOVES = {MemberStatus.ACTIVE: frozenset({MemberStatus.WITHDRAWN}), MemberStatus.WITHDRAWN: frozenset()}


class DrawKind(models.TextChoices):
    GROUP = "group", _("Group draw")
    REPLACEMENT = "replacement", _("Replacement draw")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


# A draft may be submitted; a submitted sheet is final unless the leader reopens it.
SHEET_MOVES = {
    SheetStatus.DRAFT: frozenset({SheetStatus.SUBMITTED}),
    SheetStatus.SUBMITTED: frozenset({SheetStatus.DRAFT}),
}


class EntryDecision(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    ADVANCED = "advanced", _("Goes on")
    ELIMINATED = "eliminated", _("Does not go on")


ENTRY_MOVES = {
    EntryDecision.PENDING: frozenset({EntryDecision.ADVANCED, EntryDecision.ELIMINATED}),
    EntryDecision.ADVANCED: frozenset(),
    EntryDecision.ELIMINATED: frozenset(),
}

# The title of the group's report, by the kind of round.
REPORT_TITLES = {
    StageKind.MATERIAL_REVIEW: _("Material review report"),
    StageKind.DEFENCE: _("Defence evaluation"),
    StageKind.ONSITE_REVIEW: _("On-site review report"),
}

# Score steps: a percentage of an item's points, in steps of 5% (GB/T 19580 scoring practice).
PERCENT_STEP = 5
