from django.db import models
from django.utils.translation import gettext_lazy as _


class DayUnit(models.TextChoices):
    WORKING = "working", _("working days")
    CALENDAR = "calendar", _("calendar days")


class PeriodUnit(models.TextChoices):
    YEARS = "years", _("years")
    CYCLES = "cycles", _("cycles")
    # Counted from the award year (年度), e.g. Qingyuan 五(三): a 质量奖 of year Y may apply again
    # from year Y + 4, whatever the day of the award.
    AWARD_YEARS = "award_years", _("years counted from the award year")


class RegulationStatus(models.TextChoices):
    """The standing of the regulation an edition follows."""

    IN_FORCE = "in_force", _("In force")
    DRAFT_FOR_COMMENT = "draft_for_comment", _("Draft for comment (征求意见稿)")
    REVISED_DRAFT = "revised_draft", _("Revised draft (修订稿)")
    REPEALED = "repealed", _("Repealed")


DRAFT_STATUSES = frozenset({RegulationStatus.DRAFT_FOR_COMMENT, RegulationStatus.REVISED_DRAFT})


class ApplicantKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    INDIVIDUAL = "individual", _("Individual or team")


class StageKind(models.TextChoices):
    """The stages a regulation may name; a scheme's pipeline orders the ones it has."""

    CALL = "call", _("Call for applications")
    APPLICATION = "application", _("Application")
    RECOMMENDATION = "recommendation", _("Recommendation")
    COUNTY_NOTICE = "county_notice", _("County notice")
    ELIGIBILITY = "eligibility", _("Eligibility review")
    ACCEPTANCE_NOTICE = "acceptance_notice", _("Notice of the accepted list")
    MATERIAL_REVIEW = "material_review", _("Material review")
    DEFENCE_LIST_NOTICE = "defence_list_notice", _("Notice of the defence list")
    DEFENCE = "defence", _("Defence")
    ONSITE_REVIEW = "onsite_review", _("On-site review")
    PUBLIC_EVALUATION = "public_evaluation", _("Public evaluation")
    COMPREHENSIVE_EVALUATION = "comprehensive_evaluation", _("Comprehensive evaluation")
    COMMITTEE_VOTE = "committee_vote", _("Committee vote")
    CONSULTATION = "consultation", _("Consultation of member units")
    CANDIDATE_NOTICE = "candidate_notice", _("Notice of the proposed winners")
    GOVERNMENT_APPROVAL = "government_approval", _("Government approval")
    ANNOUNCEMENT = "announcement", _("Announcement")


NOTICE_STAGES = frozenset(
    {
        StageKind.COUNTY_NOTICE,
        StageKind.ACCEPTANCE_NOTICE,
        StageKind.DEFENCE_LIST_NOTICE,
        StageKind.CANDIDATE_NOTICE,
    }
)
REVIEW_STAGES = frozenset({StageKind.MATERIAL_REVIEW, StageKind.DEFENCE, StageKind.ONSITE_REVIEW})


class ConditionCheck(models.TextChoices):
    """How an eligibility condition is evaluated: automatically from data, or by staff judgment."""

    YEARS_OPERATING = "years_operating", _("Years registered and operating (automatic)")
    YEARS_IN_QUALITY_WORK = "years_in_quality_work", _("Years in quality work (automatic)")
    TEAM_SIZE = "team_size", _("Team size (automatic)")
    COOLING_OFF = "cooling_off", _("Cooling-off after an earlier award (automatic)")
    SANCTION = "sanction", _("Ban after fraud, bribery or revocation (automatic)")
    JUDGMENT = "judgment", _("Checked by staff")


class SanctionCause(models.TextChoices):
    FRAUD = "fraud", _("Fraud or false materials")
    BRIBERY = "bribery", _("Bribery or deceit")
    REVOCATION = "revocation", _("Revocation of an award")


class RevocationGround(models.TextChoices):
    """What an award is revoked for; each scheme's ``Sanction`` rows say which grounds they cover."""

    FRAUD = "fraud", _("Fraud, false materials or improper means")
    BRIBERY = "bribery", _("Bribery or deceit")
    INCIDENT = "incident", _("A major quality, safety, environmental or public-health incident")
    QUALITY_PROBLEM = "quality_problem", _("A major quality problem found by the regulator or by complaints")
    DECLINE = "decline", _("Quality management in serious decline, not rectified in time")
    MISUSE = "misuse", _("Misuse, sale or rent of the title or its mark")
    OPERATING_LOSS = "operating_loss", _("A severe operating loss from poor management")
    VIOLATION = "violation", _("Other serious violations of law")


class CycleState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


# A cycle closes once, after its last stage; nothing reopens it.
CYCLE_MOVES: dict[str, frozenset[str]] = {
    CycleState.OPEN: frozenset({CycleState.CLOSED}),
    CycleState.CLOSED: frozenset(),
}


class StageStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CURRENT = "current", _("In progress")
    DONE = "done", _("Done")


# A stage of a cycle begins once and ends once, in the pipeline's order (``pipeline.stages``).
STAGE_MOVES: dict[str, frozenset[str]] = {
    StageStatus.PENDING: frozenset({StageStatus.CURRENT}),
    StageStatus.CURRENT: frozenset({StageStatus.DONE}),
    StageStatus.DONE: frozenset(),
}
