"""The comprehensive evaluation: public evaluation scores, and the candidates proposed per tier.

Who decides is the scheme's: where the committee votes on the list ranked by total score (Qingyuan
四(四)), staff put the whole ranked list to it, in its order (``candidates_propose_ranked``); where
the committee produces every tier's list in one vote (Qinzhou 第十九条), nobody is proposed or
eliminated here (``votes.vote_open_single``). Staff who withdrew from an application decide nothing
on it (``refuse_recused``).
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import audit_record
from applications.enums import ApplicationStatus
from applications.errors import ApplicationError
from applications.selectors import is_held, recused_among
from applications.services.transitions import application_set_status
from common.text import join_list
from cycles.enums import StageKind
from cycles.permissions import can_manage_cycle

from .. import selectors
from ..errors import AwardError
from ..models import (
    Candidacy,
    PublicEvaluationScore,
)


def _stage_article(cycle, kind, default=""):
    stage = cycle.stages.filter(kind=kind).first()
    return stage.article if stage and stage.article else default


def public_score_set(application, *, by, score: Decimal) -> PublicEvaluationScore:
    """Record the public evaluation score (社会公众评价) of an application in competition."""
    cycle = application.cycle
    if not can_manage_cycle(by, cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    stage = cycle.stages.filter(kind=StageKind.PUBLIC_EVALUATION).first()
    if stage is None or stage.skipped:
        raise AwardError(_("This cycle holds no public evaluation."))
    if application.status != ApplicationStatus.ACCEPTED:
        raise AwardError(_("Only an application in competition gets a public evaluation score."))
    if score < 0:
        raise AwardError(_("A score cannot be negative."))
    with transaction.atomic():
        previous = PublicEvaluationScore.objects.select_for_update().filter(application=application).first()
        record, _created = PublicEvaluationScore.objects.update_or_create(
            application=application, defaults={"score": score, "entered_by": by}
        )
        audit_record(
            actor=by,
            action="awards.public_score",
            summary=_("%(application)s: public evaluation score %(score)s")
            % {"application": application.title, "score": score},
            target=application,
            authority=cycle.scheme.authority,
            from_state=str(previous.score) if previous else "",
            to_state=str(score),
            article=stage.article or cycle.scheme.public_evaluation_article,
        )
    return record


def candidates_propose(cycle, *, by, proposals: dict[int, int], feedback: str) -> list[Candidacy]:
    """Close the comprehensive evaluation: the applications in ``proposals`` (application id → tier
    id) become candidates for that tier; every other application in competition is eliminated with
    ``feedback``. Refuses a tier outside the application's category and an application with an
    open objection. Each status change is audited and the applicant told (applications service)."""
    # Where the scheme has no comprehensive evaluation, the office puts the candidates straight to
    # the committee under the committee's article (e.g. Qinzhou 第十九条).
    article = _stage_article(cycle, StageKind.COMPREHENSIVE_EVALUATION) or _stage_article(
        cycle, StageKind.COMMITTEE_VOTE
    )
    if not can_manage_cycle(by, cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    scheme = cycle.scheme
    if scheme.committee_single_vote_article:
        raise AwardError(
            _("Under %(article)s the committee decides on every applicant in one vote; open that vote instead.")
            % {"article": scheme.committee_single_vote_article}
        )
    if not proposals:
        raise AwardError(_("Choose at least one candidate."))
    with transaction.atomic():
        competing = list(
            selectors.in_competition(cycle).select_for_update(of=("self",)).select_related("category").order_by("pk")
        )
        known = {application.pk: application for application in competing}
        unknown = set(proposals) - set(known)
        if unknown:
            raise AwardError(_("Only applications in competition can be proposed."))
        refuse_recused(by, competing)
        left_out = [application for application in competing if application.pk not in proposals]
        if left_out and not feedback.strip():
            raise AwardError(_("Write the feedback for the applications that do not go on."))
        rows = {(row.pk, row.tier_id): row for row in selectors.ranking(cycle)}
        if scheme.committee_ranked_list_article:
            _check_whole_ranked_list(scheme, left_out, proposals, rows)
        tiers_of = {}
        for row in rows.values():
            tiers_of.setdefault(row.pk, set()).add(row.tier_id)
        candidacies = []
        for application_id, tier_id in proposals.items():
            application = known[application_id]
            if tier_id not in tiers_of.get(application_id, set()):
                raise AwardError(
                    _("%(application)s cannot be proposed for that tier.") % {"application": application.title}
                )
            if is_held(application):
                raise AwardError(
                    _("%(application)s has an open objection; it cannot become a candidate until it is examined.")
                    % {"application": application.title}
                )
            row = rows[(application_id, tier_id)]
            try:
                application_set_status(
                    application, ApplicationStatus.CANDIDATE, by=by, article=article, notify_owner=True
                )
            except ApplicationError as error:
                raise AwardError(str(error)) from error
            candidacies.append(
                Candidacy.objects.create(
                    application=application, tier_id=tier_id, total=row.total, rank=row.place, proposed_by=by
                )
            )
        for application in competing:
            if application.pk not in proposals:
                application_set_status(
                    application, ApplicationStatus.ELIMINATED, by=by, article=article, reason=feedback
                )
    return candidacies


def refuse_recused(by, applications) -> None:
    withdrawn = recused_among(by, applications)
    if withdrawn:
        raise AwardError(
            _("You have withdrawn from deciding on %(applications)s; a colleague decides.")
            % {"applications": join_list(a.title for a in withdrawn)}
        )


def _check_whole_ranked_list(scheme, left_out, proposals, rows) -> None:
    """Qingyuan 四(四): the committee votes on the whole list ranked by total score."""
    article = scheme.committee_ranked_list_article
    if left_out:
        raise AwardError(
            _(
                "Under %(article)s the committee votes on the whole list ranked by total score; %(applications)s cannot be left out."
            )
            % {"article": article, "applications": join_list(a.title for a in left_out)}
        )
    unscored = [row.title for (pk, tier_id), row in rows.items() if proposals.get(pk) == tier_id and row.total is None]
    if unscored:
        raise AwardError(
            _("Under %(article)s the list is ranked by total score; %(applications)s has no total yet.")
            % {"article": article, "applications": join_list(unscored)}
        )


def candidates_propose_ranked(cycle, *, by) -> list[Candidacy]:
    """Put the whole ranked list to the committee (Qingyuan 四(四)): every application in competition
    becomes a candidate for its tier, in the order of its total score, which staff cannot change."""
    proposals = {}
    for row in selectors.ranking(cycle):
        proposals.setdefault(row.pk, row.tier_id)  # the ranking lists the highest tier first
    return candidates_propose(cycle, by=by, proposals=proposals, feedback="")
