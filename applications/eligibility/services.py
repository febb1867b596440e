"""Eligibility review (资格审核) by the quality office: conditions, then accept or refuse.

The automatic conditions are computed from the data and the scheme (``eligibility_checks``); the
others are ticked by staff with a note. A refusal states its reasons and articles, is shown to the
applicant and sent to it in writing (兰州 第十五条). Decisions are final.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_manage_authority
from accounts.services import audit_record, notify
from common.machines import check_move
from cycles.enums import ConditionCheck, StageKind, StageStatus

from ..enums import ApplicationStatus
from ..errors import ApplicationError
from ..models import Application, ConditionResult, EligibilityReview
from ..models.eligibility import DECISION_MOVES, ConditionOutcome, EligibilityDecision
from ..selectors import is_held
from ..services.recusal import check_not_recused
from ..services.transitions import application_set_status
from . import checks

PASSING = frozenset({ConditionOutcome.MET, ConditionOutcome.NOT_APPLICABLE})


def eligibility_stage(cycle):
    """The cycle's eligibility stage if it is the current one, else None."""
    return cycle.stages.filter(status=StageStatus.CURRENT, kind=StageKind.ELIGIBILITY).first()


def _check_staff(application, *, by):
    if not can_manage_authority(by, application.cycle.scheme.authority):
        raise ApplicationError(_("You do not run the awards of this authority."))
    check_not_recused(application, by=by)


def _check_stage(application):
    if eligibility_stage(application.cycle) is None:
        raise ApplicationError(_("Eligibility decisions are taken only while the cycle is in its eligibility stage."))


def applicable_conditions(application):
    kind = application.category.applicant_kind
    return [c for c in application.cycle.scheme.conditions.all() if not c.applicant_kind or c.applicant_kind == kind]


def eligibility_evaluate(application: Application, *, by) -> EligibilityReview:
    """Open (or refresh) the review of a recommended application: compute each automatic condition
    and list each judgment condition for staff to tick. Ticks already given are kept. Audited."""
    _check_staff(application, by=by)
    _check_stage(application)
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("cycle__scheme__authority", "category", "organisation")
            .get(pk=application.pk)
        )
        if locked.status != ApplicationStatus.RECOMMENDED:
            raise ApplicationError(_("Only a recommended application is reviewed for eligibility."))
        review, _created = EligibilityReview.objects.get_or_create(application=locked)
        review = EligibilityReview.objects.select_for_update().get(pk=review.pk)
        if review.is_final:
            raise ApplicationError(_("The eligibility decision on this application has been taken."))
        facts = checks.gather_facts(locked)
        existing = {result.condition_id: result for result in review.results.all()}
        summary = []
        for condition in applicable_conditions(locked):
            result = existing.get(condition.pk) or ConditionResult(review=review, condition=condition)
            result.check_kind, result.order = condition.check_kind, condition.order
            result.text, result.article = condition.text, condition.article
            if condition.check_kind != ConditionCheck.JUDGMENT:
                finding = checks.evaluate(condition, locked, facts)
                result.outcome, result.explanation, result.checked_at = finding.outcome, finding.explanation, now
                summary.append(f"{condition.article} {result.get_outcome_display()}")
            result.save()
        review.evaluated_at = now
        review.save(update_fields=["evaluated_at"])
        audit_record(
            actor=by,
            action="eligibility.evaluated",
            summary=_("Eligibility conditions of %(application)s evaluated") % {"application": locked.title},
            target=locked,
            authority=locked.cycle.scheme.authority,
            reason="; ".join(summary),
        )
    return review


def condition_result_judge(result: ConditionResult, *, by, met: bool, note: str) -> ConditionResult:
    """Staff tick one condition that needs judgment; see ``conditions_judge``."""
    conditions_judge(result.review.application, by=by, judgments={result.pk: (met, note)})
    result.refresh_from_db()
    return result


def conditions_judge(application: Application, *, by, judgments: dict) -> list[ConditionResult]:
    """Staff tick the conditions of one application that need judgment, all at once.

    ``judgments`` maps a condition result's id to ``(met, note)``. All are recorded or none: a
    condition found not met needs its note. A tick that changes nothing is not recorded again.
    Each condition ticked is audited on its own, with its article. Returns the results recorded.
    """
    _check_staff(application, by=by)
    _check_stage(application)
    if not judgments:
        raise ApplicationError(_("Tick at least one condition."))
    cleaned = {pk: (met, (note or "").strip()) for pk, (met, note) in judgments.items()}
    if any(not met and not note for met, note in cleaned.values()):
        raise ApplicationError(_("Say why the condition is not met."))
    now = timezone.now()
    recorded = []
    with transaction.atomic():
        review = EligibilityReview.objects.select_for_update().get(application=application)
        if review.is_final:
            raise ApplicationError(_("The eligibility decision on this application has been taken."))
        results = {r.pk: r for r in ConditionResult.objects.select_for_update().filter(review=review, pk__in=cleaned)}
        if len(results) != len(cleaned):
            raise ApplicationError(_("This condition is not one of this application's."))
        for result in sorted(results.values(), key=lambda r: (r.order, r.pk)):
            if result.check_kind != ConditionCheck.JUDGMENT:
                raise ApplicationError(_("This condition is computed from the data; it cannot be ticked."))
            met, note = cleaned[result.pk]
            outcome = ConditionOutcome.MET if met else ConditionOutcome.NOT_MET
            if (outcome, note) == (result.outcome, result.note):
                continue
            previous = result.outcome
            result.outcome, result.note, result.checked_by, result.checked_at = outcome, note, by, now
            result.save(update_fields=["outcome", "note", "checked_by", "checked_at"])
            audit_record(
                actor=by,
                action="eligibility.condition_checked",
                summary=_("%(application)s: %(condition)s")
                % {"application": application.title, "condition": result.text[:80]},
                target=application,
                authority=application.cycle.scheme.authority,
                from_state=previous,
                to_state=result.outcome,
                article=result.article,
                reason=note,
            )
            recorded.append(result)
    return recorded


def _lock_review(application):
    try:
        review = EligibilityReview.objects.select_for_update().get(application=application)
    except EligibilityReview.DoesNotExist:
        raise ApplicationError(_("Evaluate the conditions first.")) from None
    return review


def review_set_decision(review, decision, *, by, reasons: str, articles: str):
    """The one place an eligibility review's decision changes: checks ``DECISION_MOVES`` (a
    decision is final). The caller holds the row lock; the application's move is audited."""
    check_move(DECISION_MOVES, review.decision, decision, choices=EligibilityDecision, error=ApplicationError)
    review.decision, review.reasons, review.articles = decision, reasons, articles[:300]
    review.decided_by, review.decided_at = by, timezone.now()
    review.save(update_fields=["decision", "reasons", "articles", "decided_by", "decided_at"])


def _tell_applicant(application, subject, body):
    recipients = {application.owner}
    if application.organisation_id:
        recipients.update(application.organisation.members.all())
    notify(
        recipients=sorted(recipients, key=lambda user: user.pk),
        subject=subject,
        body=body,
        url=reverse("applications:eligibility-decision", args=[application.pk]),
    )


def eligibility_accept(application: Application, *, by) -> EligibilityReview:
    """Accept a recommended application (→ accepted) once every condition is met or does not apply.

    Locks the review so that two decisions cannot both win; audited with the stage's article; the
    applicant is told.
    """
    _check_staff(application, by=by)
    _check_stage(application)
    stage = eligibility_stage(application.cycle)
    with transaction.atomic():
        review = _lock_review(application)
        results = list(review.results.all())
        if review.evaluated_at is None or not results and applicable_conditions(application):
            raise ApplicationError(_("Evaluate the conditions first."))
        if is_held(application):
            raise ApplicationError(
                _(
                    "An objection about this application is still being examined; it cannot be accepted before its finding."
                )
            )
        open_items = [r for r in results if r.outcome not in PASSING]
        if open_items:
            raise ApplicationError(
                _("It cannot be accepted while these conditions are not met or not checked: %(conditions)s")
                % {"conditions": _(", ").join(r.article or r.text[:30] for r in open_items)}
            )
        review_set_decision(review, EligibilityDecision.ACCEPTED, by=by, reasons="", articles=stage.article)
        application_set_status(
            application,
            ApplicationStatus.ACCEPTED,
            by=by,
            article=stage.article,
            notify_owner=False,
            summary=_("%(application)s accepted after eligibility review") % {"application": application.title},
        )
        _tell_applicant(
            application,
            _("Your application to %(cycle)s has been accepted") % {"cycle": application.cycle},
            _("It passed the eligibility review (%(article)s).") % {"article": stage.article},
        )
    return review


def eligibility_refuse(application: Application, *, by, reason: str = "") -> EligibilityReview:
    """Refuse a recommended application (→ refused) with its reasons and articles.

    The reasons are the conditions found not met plus the written ``reason``; at least one is
    required. The decision is shown on the applicant's decision page and sent in writing (inbox and
    e-mail, 兰州 第十五条). Audited with every article; final.
    """
    _check_staff(application, by=by)
    _check_stage(application)
    stage = eligibility_stage(application.cycle)
    reason = (reason or "").strip()
    with transaction.atomic():
        review = _lock_review(application)
        failed = [r for r in review.results.all() if r.outcome == ConditionOutcome.NOT_MET]
        if not failed and not reason:
            raise ApplicationError(_("A refusal needs its reasons: a condition not met, or a written reason."))
        lines = [r.explanation or f"{r.article} {r.text}" for r in failed]
        lines += [r.note for r in failed if r.note and r.check_kind == ConditionCheck.JUDGMENT]
        if reason:
            lines.append(reason)
        # The notice of the accepted list is where a scheme obliges written reasons to those left
        # off it (兰州 第十五条), so its article is cited with the review's own.
        notice = application.cycle.stages.filter(kind=StageKind.ACCEPTANCE_NOTICE).first()
        articles = []
        for article in [r.article for r in failed] + [stage.article, notice.article if notice else ""]:
            if article and article not in articles:
                articles.append(article)
        reasons, article_text = "\n".join(lines), "、".join(articles)  # the articles, data of the regulation
        review_set_decision(review, EligibilityDecision.REFUSED, by=by, reasons=reasons, articles=article_text)
        application_set_status(
            application,
            ApplicationStatus.REFUSED,
            by=by,
            article=article_text,
            reason=reasons,
            notify_owner=False,
            summary=_("%(application)s refused after eligibility review") % {"application": application.title},
        )
        _tell_applicant(
            application,
            _("Your application to %(cycle)s was not accepted") % {"cycle": application.cycle},
            _(
                "The eligibility review did not accept your application, for these reasons:\n%(reasons)s\n\nArticles applied: %(articles)s"
            )
            % {"reasons": reasons, "articles": article_text},
        )
    return review
