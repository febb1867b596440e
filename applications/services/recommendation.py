"""The recommendation chain: the department of the applicant's jurisdiction returns or recommends.

随州 第十七条, 晋中 十八(三), 钦州 第十五条: the department checks and signs its opinion.
兰州 第十三条: the county office forwards only what passed its county notice.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import departments_for
from accounts.services import audit_record
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


def application_return_for_correction(application: Application, *, by, comment: str) -> CorrectionRequest:
    """Return a submitted application to the applicant with ``comment`` (submitted → returned).

    The applicant corrects and re-submits before the deadline. Audited; the applicant is told in its
    inbox and by e-mail, with the comment.
    """
    comment = (comment or "").strip()
    if not comment:
        raise ApplicationError(_("Say what the applicant must correct."))
    department = _check_department(application, by=by)
    _check_window(application)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != ApplicationStatus.SUBMITTED:
            raise ApplicationError(_("Only a submitted application can be returned for correction."))
        request = CorrectionRequest.objects.create(
            application=locked, department=department, comment=comment, returned_by=by
        )
        application_set_status(
            locked,
            ApplicationStatus.RETURNED,
            by=by,
            article=recommendation_article(locked.cycle.scheme),
            reason=comment,
            summary=_("%(department)s returned %(application)s for correction")
            % {"department": department, "application": locked.title},
        )
    application.status = locked.status
    return request


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
