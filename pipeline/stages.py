"""The pipeline of a cycle, in one table keyed by the kind of stage.

For each kind: what starts with it, what must hold before it may end (each condition says why
not, citing its article), which list a notice at that stage publishes, and which applications
ending it would leave undecided (the office confirms that before it ends). A scheme's own order
of stages is its data (``cycles.StageDefinition``); this table is what each kind of stage means.
``pipeline.services.cycle_advance`` reads it and nothing else.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Department
from applications import selectors as applications
from applications.enums import ApplicationStatus
from applications.models import Application
from awards import selectors as awards
from awards.services.announcement import announce
from awards.services.consultation import consultation_open
from common.text import join_list
from cycles.calendar import period_description
from cycles.enums import StageKind
from cycles.models import CycleStage
from publicity import selectors as notices
from publicity.services.notices import notice_prepare
from reviews import selectors as reviews
from reviews.services.pool import pending_changes_apply
from reviews.services.rounds import round_open

K = StageKind


def under(article: str, text: str) -> str:
    """A condition's refusal, citing its article: "依据第十三条：…"."""
    if not article:
        return text
    return _("Under %(article)s: %(requirement)s") % {"article": article, "requirement": text}


NAMED = 10  # applications a reason names before "……"


def names(applications_, limit: int = NAMED) -> str:
    titles = [application.title for application in applications_[: limit + 1]]
    shown = join_list(titles[:limit])
    return shown + ("……" if len(titles) > limit else "")


@dataclass(frozen=True)
class Condition:
    """Something that must hold before a stage may end. ``unmet(stage, now)`` answers why it does
    not hold now, citing the article, or "" when it holds."""

    label: str
    unmet: Callable[[CycleStage, datetime.datetime], str]


# What must hold ---------------------------------------------------------------------------------


def _deadline_passed(stage, now):
    deadline = stage.cycle.submission_deadline
    if now >= deadline:
        return ""
    when = timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
    return under(stage.article, _("applications may be submitted until %(deadline)s.") % {"deadline": when})


def _notice_published(stage, now):
    expected = notice_departments(stage) if stage.kind == K.COUNTY_NOTICE else [None]
    published = {notice.department_id for notice in notices.published_at_stage(stage)}
    missing = [department for department in expected if (department.pk if department else None) not in published]
    if not missing:
        return ""
    if stage.kind == K.COUNTY_NOTICE:
        return under(
            stage.article,
            _("the county notice of %(departments)s is not published yet.")
            % {"departments": join_list(str(department) for department in missing)},
        )
    if not notice_list(stage).exists():
        return ""  # nobody to list: there is nothing to publish
    return under(stage.article, _("the notice of this stage is not published yet."))


def _notice_period_run(stage, now):
    running = [notice for notice in notices.published_at_stage(stage) if not notice.has_ended(now)]
    if not running:
        return ""
    last = max(running, key=lambda notice: notice.ends_at)
    return under(
        stage.article,
        _("the notice runs for %(period)s, until %(end)s.")
        % {
            "period": period_description(last.period_days, last.period_unit),
            "end": timezone.localtime(last.ends_at).strftime("%Y-%m-%d %H:%M"),
        },
    )


def _no_open_objection(stage, now):
    open_ = list(notices.open_objections_at_stage(stage))
    if not open_:
        return ""
    scheme = stage.cycle.scheme
    return under(
        scheme.objection_window_article or scheme.objection_article or stage.article,
        _("objection %(references)s is still being examined.")
        % {"references": join_list(objection.reference for objection in open_)},
    )


def _recommended_decided(stage, now):
    waiting = applications.awaiting_eligibility(stage.cycle)
    if not waiting.exists():
        return ""
    return under(
        stage.article,
        _("%(count)s recommended applications await the eligibility decision: %(names)s")
        % {"count": waiting.count(), "names": names(waiting)},
    )


def _round_decided(stage, now):
    round_ = getattr(stage, "review_round", None)
    if round_ is None:
        return under(stage.article, _("the round of this stage has not been opened."))
    waiting = reviews.undecided_entries(round_)
    if not waiting.exists():
        return ""
    return under(
        stage.article,
        _("%(count)s applications of the round await the decision whether they go on: %(names)s")
        % {"count": waiting.count(), "names": names([entry.application for entry in waiting[: NAMED + 1]])},
    )


def _public_scores_entered(stage, now):
    missing = applications.accepted_applications(stage.cycle).filter(public_evaluation__isnull=True)
    if not missing.exists():
        return ""
    return under(
        stage.article,
        _("%(count)s applications in competition have no public evaluation score: %(names)s")
        % {"count": missing.count(), "names": names(missing)},
    )


def _candidates_proposed(stage, now):
    if not applications.accepted_applications(stage.cycle).exists():
        return ""
    return under(stage.article, _("the candidates have not been proposed yet."))


def _votes_closed(stage, now):
    reasons = []
    if applications.accepted_applications(stage.cycle).exists():
        reasons.append(_("the candidates have not been proposed yet."))
    open_votes = list(awards.open_votes(stage.cycle))
    if open_votes:
        reasons.append(
            _("the vote on %(tiers)s is still open.") % {"tiers": join_list(vote.tier.name for vote in open_votes)}
        )
    unvoted = awards.tiers_without_vote(stage.cycle)
    if unvoted:
        reasons.append(
            _("the candidates of %(tiers)s have not been voted on.")
            % {"tiers": join_list(tier.name for tier in unvoted)}
        )
    tied = list(awards.unsettled_ties(stage.cycle))
    if tied:
        reasons.append(
            _("the tie in the vote on %(tiers)s is not settled.")
            % {"tiers": join_list(vote.tier.name for vote in tied)}
        )
    return under(stage.cycle.scheme.committee_article or stage.article, " ".join(reasons)) if reasons else ""


def _consulted(stage, now):
    consultation = awards.consultation_of(stage.cycle)
    if consultation is None or not consultation.opinions.exists():
        return under(stage.article, _("no member unit has been consulted: add the member units to consult."))
    waiting = list(awards.unanswered_units(consultation))
    if not waiting:
        return ""
    return under(
        stage.article,
        _("%(units)s have not given their opinion yet (replies due by %(date)s).")
        % {"units": join_list(str(opinion.unit) for opinion in waiting), "date": consultation.reply_by.isoformat()},
    )


def _approved(stage, now):
    if awards.approval_of(stage.cycle) is not None:
        return ""
    return under(stage.article, _("the government's decision on the winners is not recorded yet."))


def _certified(stage, now):
    missing = awards.records_without_certificate(stage.cycle)
    if not missing:
        return ""
    return under(
        missing[0].tier.certificate_article or stage.article,
        _("%(count)s holders have no certificate yet: %(names)s")
        % {"count": len(missing), "names": join_list(record.holder_name for record in missing[:10])},
    )


DEADLINE = Condition(gettext_lazy("The submission deadline has passed"), _deadline_passed)
PUBLISHED = Condition(gettext_lazy("The notice is published"), _notice_published)
PERIOD_RUN = Condition(gettext_lazy("The notice has run its period"), _notice_period_run)
NO_OBJECTION = Condition(gettext_lazy("No objection to the notice is still being examined"), _no_open_objection)
ELIGIBILITY_DECIDED = Condition(gettext_lazy("Every recommended application is decided"), _recommended_decided)
ROUND_DECIDED = Condition(gettext_lazy("Every application of the round is decided"), _round_decided)
PUBLIC_SCORES = Condition(gettext_lazy("Every application has its public evaluation score"), _public_scores_entered)
CANDIDATES = Condition(gettext_lazy("The candidates are proposed"), _candidates_proposed)
VOTES = Condition(gettext_lazy("The committee has voted on every tier, and no tie is left"), _votes_closed)
CONSULTED = Condition(gettext_lazy("Every member unit consulted has given its opinion"), _consulted)
APPROVED = Condition(gettext_lazy("The government's decision is recorded"), _approved)
CERTIFIED = Condition(gettext_lazy("Every holder has its certificate"), _certified)


# The lists notices publish ----------------------------------------------------------------------


def notice_list(stage, department=None):
    """The applications the notice at ``stage`` lists (of ``department`` for a county notice);
    none at a stage that publishes no notice."""
    rule = RULES[stage.kind]
    if rule.notice_list is None:
        return Application.objects.none()
    return rule.notice_list(stage, department)


def notice_departments(stage) -> list:
    """The county offices that publish a county notice at ``stage``: those whose jurisdiction has
    a submitted application of the cycle (Lanzhou 第十三条)."""
    return list(
        Department.objects.filter(
            authority_id=stage.cycle.scheme.authority_id,
            districts__applications__cycle_id=stage.cycle_id,
            districts__applications__status=ApplicationStatus.SUBMITTED,
        )
        .distinct()
        .order_by("name", "pk")
    )


# What starts with a stage -----------------------------------------------------------------------


def open_round(stage, by):
    round_open(stage, by=by)


def apply_held_profile_changes(stage, by):
    """The reviewers' declarations were frozen while the round drew; once it has ended, the changes
    held meanwhile apply (``reviews.services.pool``)."""
    pending_changes_apply(stage.cycle.scheme.authority, by=by)


def open_consultation(stage, by):
    consultation_open(stage, by=by)


def announce_winners(stage, by):
    announce(stage, by=by)


def notice_title(stage, department=None) -> str:
    """The title of a notice, in the language of government documents whatever the user's."""
    scheme = stage.cycle.scheme
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(office)s: notice of %(stage)s, %(scheme)s %(cycle)s") % {
            "office": department.name if department else scheme.authority.office_name,
            "stage": stage.name,
            "scheme": scheme.name,
            "cycle": stage.cycle.name,
        }


def prepare_notices(stage, by):
    """Draft the notice of the stage with its list; a county notice has one per county office.
    Nobody to list, no notice: the condition on publishing then holds by itself."""
    departments = notice_departments(stage) if stage.kind == K.COUNTY_NOTICE else [None]
    for department in departments:
        listed = notice_list(stage, department)
        if listed.exists():
            notice_prepare(
                stage, by=by, title=notice_title(stage, department), department=department, applications=listed
            )


@dataclass(frozen=True)
class StageRule:
    starts: Callable | None = None  # (stage, by): what begins with the stage, in its transaction
    conditions: tuple[Condition, ...] = ()  # what must hold before the stage may end
    notice_list: Callable | None = None  # (stage, department): the list a notice at the stage publishes
    leaves_undecided: Callable | None = None  # (stage): applications ending it leaves undecided
    ends: Callable | None = None  # (stage, by): what follows the stage's end, in its transaction


def _accepted(stage, department):
    return applications.accepted_applications(stage.cycle)


def _county(stage, department):
    return applications.county_notice_applications(stage.cycle, department)


def _defence(stage, department):
    return reviews.defence_list(stage)


def _winners(stage, department):
    return awards.proposed_winners(stage.cycle)


def _awaiting_department(stage):
    return applications.awaiting_department(stage.cycle)


NOTICE = (PUBLISHED, PERIOD_RUN)
REVIEW = StageRule(starts=open_round, ends=apply_held_profile_changes, conditions=(ROUND_DECIDED,))

# fmt: off
RULES: dict[str, StageRule] = {
    K.CALL:                     StageRule(),
    K.APPLICATION:              StageRule(conditions=(DEADLINE,)),
    K.RECOMMENDATION:           StageRule(leaves_undecided=_awaiting_department),
    K.COUNTY_NOTICE:            StageRule(prepare_notices, NOTICE, _county),
    K.ELIGIBILITY:              StageRule(conditions=(ELIGIBILITY_DECIDED,), leaves_undecided=_awaiting_department),
    K.ACCEPTANCE_NOTICE:        StageRule(prepare_notices, NOTICE, _accepted),
    K.MATERIAL_REVIEW:          REVIEW,
    K.DEFENCE_LIST_NOTICE:      StageRule(prepare_notices, NOTICE, _defence),
    K.DEFENCE:                  REVIEW,
    K.ONSITE_REVIEW:            REVIEW,
    K.PUBLIC_EVALUATION:        StageRule(conditions=(PUBLIC_SCORES,)),
    K.COMPREHENSIVE_EVALUATION: StageRule(conditions=(CANDIDATES,)),
    K.COMMITTEE_VOTE:           StageRule(conditions=(VOTES,)),
    K.CONSULTATION:             StageRule(open_consultation, (CONSULTED,)),
    K.CANDIDATE_NOTICE:         StageRule(prepare_notices, (*NOTICE, NO_OBJECTION), _winners),
    K.GOVERNMENT_APPROVAL:      StageRule(conditions=(APPROVED,)),
    K.ANNOUNCEMENT:             StageRule(announce_winners, (CERTIFIED,)),
}
# fmt: on
