"""The examination of an objection beyond the office's notes: the investigation report, the
committee members' written opinions where the scheme asks for them before the decision (钦州
第二十条; 庆元 四(五) sends the report to the committee), and the objector's reply to the written
result, or its silence (兰州 第二十九条). ``objections.objection_decide`` asks
``missing_before_decision`` before it decides.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms

from accounts.enums import AuthorityPermission
from accounts.services import audit_record, notify
from common.text import join_list
from cycles.enums import StageKind

from ..enums import ObjectionStatus
from ..errors import PublicityError
from ..models import Objection, ObjectionOpinion
from ..permissions import can_handle_objection, is_committee_member


def needs_committee(objection: Objection) -> bool:
    """An objection to the notice of the proposed winners where the scheme wants a written
    investigation report for the committee (钦州 第二十条, 庆元 四(五))."""
    scheme = objection.cycle.scheme
    return (
        bool(scheme.objection_report_article)
        and objection.notice_id is not None
        and objection.notice.stage.kind == StageKind.CANDIDATE_NOTICE
    )


def committee_of(authority):
    return (
        get_users_with_perms(
            authority, only_with_perms_in=[AuthorityPermission.COMMITTEE.split(".")[1]], with_group_users=False
        )
        .filter(is_active=True)
        .order_by("display_name", "username")
    )


def missing_before_decision(objection: Objection) -> list[str]:
    """What the scheme still wants before the office decides an objection, as sentences citing the article."""
    if not needs_committee(objection):
        return []
    scheme = objection.cycle.scheme
    article = scheme.objection_report_article
    if not objection.report:
        return [_("Under %(article)s the investigation report is written first.") % {"article": article}]
    if not scheme.objection_opinions_required:
        return []
    given = set(objection.opinions.values_list("member_id", flat=True))
    waiting = [member for member in committee_of(scheme.authority) if member.pk not in given]
    if not waiting:
        return []
    return [
        _("Under %(article)s every committee member gives a written opinion first; waiting for %(members)s.")
        % {"article": article, "members": join_list(m.display_name or m.username for m in waiting)}
    ]


def objection_report_write(objection: Objection, *, by, text: str) -> Objection:
    """Record the investigation report (调查核实情况报告) of an objection and, where the scheme sends
    it to the committee, tell every committee member, who give their written opinions where the
    scheme asks for them (钦州 第二十条) or review it (庆元 四(五)). Writes ``objection.report``."""
    if not can_handle_objection(by, objection):
        raise PublicityError(_("You do not handle the objections of this authority."))
    if not text.strip():
        raise PublicityError(_("Write the report."))
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("cycle__scheme__authority", "notice__stage")
            .get(pk=objection.pk)
        )
        if objection.status != ObjectionStatus.OPEN:
            raise PublicityError(_("This objection has been decided."))
        objection.report, objection.report_at, objection.report_by = text.strip(), timezone.now(), by
        objection.save(update_fields=["report", "report_at", "report_by"])
        scheme = objection.cycle.scheme
        audit_record(
            actor=by,
            action="objection.report",
            summary=_("Investigation report on %(reference)s") % {"reference": objection.reference},
            target=objection,
            authority=scheme.authority,
            article=scheme.objection_report_article,
        )
        if needs_committee(objection):
            notify(
                recipients=list(committee_of(scheme.authority)),
                subject=_("Investigation report on objection %(reference)s") % {"reference": objection.reference},
                body=(
                    _("Under %(article)s please give your written opinion.")
                    if scheme.objection_opinions_required
                    else _("Under %(article)s the report is submitted to the committee.")
                )
                % {"article": scheme.objection_report_article},
                url=reverse("publicity:objection-opinion", args=[objection.pk]),
            )
    return objection


def objection_opinion_give(objection: Objection, *, by, text: str) -> ObjectionOpinion:
    """A committee member gives its written opinion on an objection's report (钦州 第二十条), once.
    Writes ``objection.opinion``."""
    if not is_committee_member(by, objection.cycle.scheme.authority):
        raise PublicityError(_("Only a committee member gives an opinion."))
    if not text.strip():
        raise PublicityError(_("Write your opinion."))
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",)).select_related("cycle__scheme").get(pk=objection.pk)
        )
        if objection.status != ObjectionStatus.OPEN:
            raise PublicityError(_("This objection has been decided."))
        if not objection.report:
            raise PublicityError(_("The investigation report is not written yet."))
        if ObjectionOpinion.objects.filter(objection=objection, member=by).exists():
            raise PublicityError(_("You have already given your opinion."))
        opinion = ObjectionOpinion.objects.create(objection=objection, member=by, text=text.strip())
        audit_record(
            actor=by,
            action="objection.opinion",
            summary=_("%(member)s gave an opinion on objection %(reference)s")
            % {"member": by.display_name or by.username, "reference": objection.reference},
            target=objection,
            authority=objection.cycle.scheme.authority,
            article=objection.cycle.scheme.objection_report_article,
        )
    return opinion


def objection_confirm(objection: Objection, *, agrees: bool, comment: str = "") -> Objection:
    """The objector, holding the reference number, confirms the written result or disagrees, with
    a comment (兰州 第二十九条). Once. Writes ``objection.confirmed`` or ``objection.disputed``."""
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",)).select_related("cycle__scheme").get(pk=objection.pk)
        )
        scheme = objection.cycle.scheme
        if not scheme.objection_confirmation_article:
            raise PublicityError(_("Under this scheme the objector is not asked to confirm the result."))
        if objection.status == ObjectionStatus.OPEN:
            raise PublicityError(_("The objection has not been decided yet."))
        if objection.objector_answered_at or objection.silence_recorded_at:
            raise PublicityError(_("The reply to this result has been recorded."))
        if not agrees and not comment.strip():
            raise PublicityError(_("Say why you do not agree with the result."))
        objection.objector_answered_at, objection.objector_agrees = timezone.now(), agrees
        objection.objector_comment = comment.strip()
        objection.save(update_fields=["objector_answered_at", "objector_agrees", "objector_comment"])
        audit_record(
            actor=None,
            action="objection.confirmed" if agrees else "objection.disputed",
            summary=(
                _("The objector confirms the result of %(reference)s")
                if agrees
                else _("The objector does not agree with the result of %(reference)s")
            )
            % {"reference": objection.reference},
            target=objection,
            authority=scheme.authority,
            article=scheme.objection_confirmation_article,
            reason=objection.objector_comment,
        )
    return objection


def objection_record_silence(objection: Objection, *, by, note: str = "") -> Objection:
    """Staff record that the objector, told the result in writing, has not replied (兰州 第二十九条).
    Writes ``objection.silence``."""
    if not can_handle_objection(by, objection):
        raise PublicityError(_("You do not handle the objections of this authority."))
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",)).select_related("cycle__scheme").get(pk=objection.pk)
        )
        scheme = objection.cycle.scheme
        if not scheme.objection_confirmation_article:
            raise PublicityError(_("Under this scheme the objector is not asked to confirm the result."))
        if objection.status == ObjectionStatus.OPEN:
            raise PublicityError(_("The objection has not been decided yet."))
        if objection.objector_answered_at or objection.silence_recorded_at:
            raise PublicityError(_("The reply to this result has been recorded."))
        objection.silence_recorded_at, objection.silence_recorded_by = timezone.now(), by
        objection.save(update_fields=["silence_recorded_at", "silence_recorded_by"])
        audit_record(
            actor=by,
            action="objection.silence",
            summary=_("The objector has not replied to the result of %(reference)s")
            % {"reference": objection.reference},
            target=objection,
            authority=scheme.authority,
            article=scheme.objection_confirmation_article,
            reason=note,
        )
    return objection
