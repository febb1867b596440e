"""The recommendation chain: the department of the applicant's jurisdiction returns or recommends.

随州 第十七条, 晋中 十八(三), 钦州 第十五条: the department checks and signs its opinion.
兰州 第十三条: the county office forwards only what passed its county notice.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_manage_authority, departments_for
from accounts.services import audit_record, notify
from cycles.calendar import UnknownCalendarYear, add_days, end_of_day, period_description
from cycles.enums import StageKind, StageStatus

from ..enums import ApplicationStatus
from ..errors import ApplicationError
from ..models import Application, CorrectionRequest, Recommendation
from ..selectors import is_held
from .transitions import application_set_status

# The stages during which a department may act. The eligibility stage is among them: Lanzhou's
# county office forwards only after its county notice has ended (第十三条), and the cycle moves
# on to the city's review as soon as every county notice has ended. Staff review only what has
# been recommended, so nothing is decided before its department has spoken.
RECOMMENDATION_STAGES = frozenset(
    {
        StageKind.CALL,
        StageKind.APPLICATION,
        StageKind.RECOMMENDATION,
        StageKind.COUNTY_NOTICE,
        StageKind.ELIGIBILITY,
    }
)


def recommendation_article(scheme) -> str:
    """The article under which the department gives its opinion.

    The scheme's recommendation stage (随州 第十七条第二款, 晋中 十八(三), 钦州 第十五条); where it has
    none, the eligibility stage, during which the departments give their opinion (庆元 四(一));
    failing that, the application stage.
    """
    stages = list(scheme.stages.all())
    for kind in (StageKind.RECOMMENDATION, StageKind.ELIGIBILITY, StageKind.APPLICATION):
        for stage in stages:
            if stage.kind == kind and stage.article:
                return stage.article
    return ""


def department_for(user, application):
    """The department through which ``user`` acts for ``application``, or None outside its jurisdiction."""
    return (
        departments_for(user)
        .filter(authority_id=application.cycle.scheme.authority_id, districts=application.district_id)
        .order_by("name")
        .first()
    )


def _check_window(application):
    current = application.cycle.stages.filter(status=StageStatus.CURRENT).first()
    if current is None or current.kind not in RECOMMENDATION_STAGES:
        raise ApplicationError(_("Recommendations for this cycle are closed: the eligibility review has ended."))


def _check_department(application, *, by):
    department = department_for(by, application)
    if department is None:
        raise ApplicationError(_("This application is outside your jurisdiction."))
    return department


def correction_bound(application, *, returned: datetime.date | None = None) -> datetime.date:
    """The last day a correction deadline may fall on, for ``application`` returned on ``returned``
    (today by default): the scheme's period counted from that day (its article, or the office's
    setting where the text is silent), and no later than the planned end of the stage now running,
    while that end is still ahead, so that the department can still act in its stage."""
    scheme = application.cycle.scheme
    returned = returned or timezone.localdate()
    try:
        bound = add_days(returned, scheme.correction_days, scheme.correction_unit)
    except UnknownCalendarYear as error:
        raise ApplicationError(str(error)) from None
    current = application.cycle.stages.filter(status=StageStatus.CURRENT).first()
    if current is not None and timezone.localdate() <= current.planned_end < bound:
        bound = current.planned_end
    return bound


def correction_rule(scheme) -> str:
    """The period a correction deadline must fall within, and where it comes from, for the forms."""
    period = period_description(scheme.correction_days, scheme.correction_unit)
    if scheme.correction_article:
        return _("at most %(period)s after the return (%(article)s)") % {
            "period": period,
            "article": scheme.correction_article,
        }
    return _("at most %(period)s after the return (the office's setting)") % {"period": period}


def _check_correct_by(application, correct_by: datetime.date, *, returned: datetime.date | None = None):
    bound = correction_bound(application, returned=returned)
    if correct_by < timezone.localdate() or correct_by > bound:
        raise ApplicationError(
            _("The correction deadline must fall between today and %(bound)s: %(rule)s.")
            % {"bound": formats.date_format(bound, "Y-m-d"), "rule": correction_rule(application.cycle.scheme)}
        )
    return end_of_day(correct_by)


def application_return_for_correction(
    application: Application, *, by, comment: str, correct_by: datetime.date | None = None
) -> CorrectionRequest:
    """Return a submitted application to the applicant with ``comment`` (submitted → returned).

    The applicant corrects and re-submits until the end of ``correct_by`` (by default the last day
    ``correction_bound`` allows), even after the call's deadline. Audited; the applicant is told in
    its inbox and by e-mail, with the comment and the deadline.
    """
    comment = (comment or "").strip()
    if not comment:
        raise ApplicationError(_("Say what the applicant must correct."))
    department = _check_department(application, by=by)
    _check_window(application)
    deadline = _check_correct_by(application, correct_by or correction_bound(application))
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != ApplicationStatus.SUBMITTED:
            raise ApplicationError(_("Only a submitted application can be returned for correction."))
        request = CorrectionRequest.objects.create(
            application=locked, department=department, comment=comment, returned_by=by, correct_by=deadline
        )
        locked.correction_deadline = deadline
        locked.save(update_fields=["correction_deadline"])
        article = recommendation_article(locked.cycle.scheme)
        application_set_status(
            locked,
            ApplicationStatus.RETURNED,
            by=by,
            article=article,
            reason=comment,
            summary=_("%(department)s returned %(application)s for correction")
            % {"department": department, "application": locked.title},
            notify_owner=False,
        )
        _record_deadline(locked, by=by, previous=None)
        notify(
            recipients=[locked.owner],
            subject=_("Your application to %(cycle)s: %(status)s")
            % {"cycle": locked.cycle, "status": ApplicationStatus.RETURNED.label},
            body="\n".join(
                part
                for part in [
                    article and _("Under %(article)s.") % {"article": article},
                    comment,
                    _("Correct your application and submit it again by %(deadline)s.") % {"deadline": _when(deadline)},
                ]
                if part
            ),
            url=reverse("applications:dossier", args=[locked.pk]),
        )
    application.status, application.correction_deadline = locked.status, locked.correction_deadline
    return request


def correction_deadline_set(application: Application, *, by, correct_by: datetime.date) -> Application:
    """Move the correction deadline of a returned application, within what ``correction_bound``
    allows from the day it was returned. The department of its jurisdiction or the office's staff
    may; audited with the old and new deadlines, and the applicant is told."""
    staff = can_manage_authority(by, application.cycle.scheme.authority)
    if not staff:
        _check_department(application, by=by)
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("cycle__scheme").get(pk=application.pk)
        if locked.status != ApplicationStatus.RETURNED:
            raise ApplicationError(_("Only an application returned for correction has a correction deadline."))
        latest = locked.correction_requests.order_by("-returned_at", "-id").first()
        returned = timezone.localdate(latest.returned_at) if latest else None
        deadline = _check_correct_by(locked, correct_by, returned=returned)
        previous = locked.correction_deadline
        locked.correction_deadline = deadline
        locked.save(update_fields=["correction_deadline"])
        if latest is not None:
            CorrectionRequest.objects.filter(pk=latest.pk).update(correct_by=deadline)
        _record_deadline(locked, by=by, previous=previous)
        notify(
            recipients=[locked.owner],
            subject=_("New correction deadline for %(application)s") % {"application": locked.title},
            body=_("Correct your application and submit it again by %(deadline)s.") % {"deadline": _when(deadline)},
            url=reverse("applications:dossier", args=[locked.pk]),
        )
    application.correction_deadline = locked.correction_deadline
    return locked


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _record_deadline(application, *, by, previous):
    """Audit a correction deadline, with the one it replaces and the article of its period (none
    where the period is the office's setting)."""
    audit_record(
        actor=by,
        action="application.correction_deadline",
        summary=_("Correction deadline of %(application)s set to %(deadline)s")
        % {"application": application.title, "deadline": _when(application.correction_deadline)},
        target=application,
        authority=application.cycle.scheme.authority,
        article=application.cycle.scheme.correction_article,
        data={
            "before": timezone.localtime(previous).isoformat() if previous else None,
            "after": timezone.localtime(application.correction_deadline).isoformat(),
        },
    )


def _check_county_notice(application):
    """兰州 第十三条: forward only what passed the county notice (≥5 working days).

    The county notice stage ends only once every county office's notice has run its period
    (``pipeline.stages``); an application objected to on it stays held until the objection is
    decided, and one whose objection was upheld is no longer submitted.
    """
    notice = application.cycle.stages.filter(kind=StageKind.COUNTY_NOTICE).first()
    if notice is None:
        return
    if notice.status != StageStatus.DONE or is_held(application):
        raise ApplicationError(
            _(
                "Under %(article)s the county office forwards only an application whose county notice has run its period."
            )
            % {"article": notice.article}
        )


def application_recommend(
    application: Application, *, by, opinion: str, signer_name: str, signed_on: datetime.date
) -> Recommendation:
    """Sign the department's recommendation opinion (submitted → recommended), under the scheme's article.

    Refuses outside the department's jurisdiction, after the recommendation stages, and (Lanzhou)
    before the county notice has passed. Audited with the article; the applicant is told.
    """
    opinion, signer_name = (opinion or "").strip(), (signer_name or "").strip()
    if not opinion or not signer_name or signed_on is None:
        raise ApplicationError(_("The opinion, the signer and the date are all required."))
    department = _check_department(application, by=by)
    _check_window(application)
    _check_county_notice(application)
    article = recommendation_article(application.cycle.scheme)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != ApplicationStatus.SUBMITTED:
            raise ApplicationError(_("Only a submitted application can be recommended."))
        recommendation = Recommendation.objects.create(
            application=locked,
            department=department,
            opinion=opinion,
            signer_name=signer_name,
            signed_on=signed_on,
            article=article,
            recorded_by=by,
        )
        application_set_status(
            locked,
            ApplicationStatus.RECOMMENDED,
            by=by,
            article=article,
            reason=opinion,
            summary=_("%(department)s recommended %(application)s")
            % {"department": department, "application": locked.title},
        )
        audit_record(
            actor=by,
            action="recommendation.signed",
            summary=_("Recommendation opinion signed by %(signer)s on %(date)s")
            % {"signer": signer_name, "date": signed_on.isoformat()},
            target=locked,
            authority=locked.cycle.scheme.authority,
            article=article,
            reason=opinion,
        )
    application.status = locked.status
    return recommendation
