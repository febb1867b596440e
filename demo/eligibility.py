"""Demo of the recommendation chain and eligibility review, run after ``demo.applications``.

In the five demo cycles the departments recommend the submitted applications and return one for
correction. Suizhou's cycle moves on to its eligibility stage, undecided, so that its staff can
run a review. In Jinzhong and Lanzhou the staff review everything recommended, accept what meets
every condition and refuse the rest (a Lanzhou company under 5 years old falls to 第十条), and the
cycle moves on to the notice of the accepted list. Lanzhou's county offices first publish their
county notices (第十三条) and forward only what passed them.

One more applicant per award, ``<slug>-applicant4``, submits a complete dossier first, so that each
department has one to return, one to recommend and (where nobody reviews yet) one left on its
home page. Lanzhou's is a company registered four years ago.

Everything goes through the services, so the audit trail is real. Running it twice changes nothing.
"""

import logging

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications.eligibility import services as eligibility
from applications.enums import ApplicationStatus
from applications.errors import ApplicationError
from applications.models import Application, CorrectionRequest
from applications.models.eligibility import ConditionOutcome
from applications.services import recommendation, registration
from cycles.enums import CycleState, StageKind, StageStatus
from cycles.errors import CycleError
from cycles.models import Cycle
from cycles.services import current_stage
from publicity.enums import NoticeStatus
from publicity.errors import PublicityError
from publicity.models import Notice
from publicity.services.notices import notice_publish

from . import applications as dossier_demo
from .people import DEMO_PASSWORD, REGION_CODES
from .steps import advance, pass_deadline, run_notices_out

logger = logging.getLogger(__name__)

REVIEWED = ("jinzhong", "lanzhou")  # staff decide; the accepted list is published
EXAMINED_ONLY = ("suizhou",)  # moved to its eligibility stage, left for the staff to review
OPINION = "经初审，该单位申报材料齐全、内容真实，符合申报条件，同意推荐。"
CORRECTION = "请补充近三年经审计的财务报表，并在申报表中注明主要经济指标的数据来源。"


# slug: (district, organisation, years since registration)
EXTRA_APPLICANTS = {
    "suizhou": ("随县", "随县银杏生态农业有限公司", 9),
    "qinzhou": ("灵山县", "灵山荔枝食品有限公司", 8),
    "qingyuan": ("竹口镇", "浙江庆元食用菌机械有限公司", 7),
    "jinzhong": ("太谷区", "太谷饼业食品有限公司", 12),
    "lanzhou": ("七里河区", "兰州新创科技有限公司", 4),  # under the 5 years of 第十条第（一）项
}


def build(context: dict) -> None:
    for code, cycle in context.get("cycles", {}).items():
        _extra_applicant(code, cycle)
    for code, cycle in context.get("cycles", {}).items():
        cycle = Cycle.objects.select_related("scheme__authority").get(pk=cycle.pk)
        if cycle.state != CycleState.OPEN:
            continue
        staff = User.objects.get(username=f"{code}-staff")
        departments = list(User.objects.filter(username__startswith=f"{code}-dept").order_by("username"))
        if _has_stage(cycle, StageKind.COUNTY_NOTICE):
            _county_notices(cycle, staff=staff, departments=departments)
        else:
            _recommend(cycle, departments=departments, leave_one=code not in REVIEWED)
        if code in REVIEWED or code in EXAMINED_ONLY:
            _reach(cycle, StageKind.ELIGIBILITY, staff=staff)
        if code in REVIEWED:
            _review(cycle, staff=staff)
        context.setdefault("eligibility", {})[code] = cycle


def _extra_applicant(code, cycle) -> None:
    """Register ``<code>-applicant4`` with its organisation and submit a complete dossier (once)."""
    if code not in EXTRA_APPLICANTS or code not in dossier_demo.DEMO_ORGANISATIONS:
        return
    username = f"{code}-applicant4"
    if User.objects.filter(username=username).exists():
        return
    district_name, name, years = EXTRA_APPLICANTS[code]
    district = cycle.scheme.authority.districts.filter(name=district_name).first()
    if district is None:
        return
    today = timezone.localdate()
    with transaction.atomic():
        user = registration.applicant_register(
            username=username,
            password=DEMO_PASSWORD,
            display_name=dossier_demo.CONTACTS[3],
            email=f"{username}@demo.invalid",
            organisation={
                "name": name,
                "credit_code": dossier_demo.demo_credit_code(REGION_CODES[district.name], 4),
                "registered_on": today.replace(year=today.year - years, day=min(today.day, 28)),
                "legal_person": True,
                "industry": "manufacturing",
                "is_sme": True,
                "district": district,
                "address": f"{cycle.scheme.authority.region}{district_name}创业路8号",
                "contact_name": dossier_demo.CONTACTS[3],
                "contact_phone": "13800000004",
                "contact_email": f"{username}@demo.invalid",
            },
        )
        organisation = user.organisations.get()
        dossier_demo._organisation_application(cycle, user, organisation, complete=True, submit=True)


def _has_stage(cycle, kind) -> bool:
    return cycle.stages.filter(kind=kind, skipped=False).exists()


def _department_user(application, departments):
    return next((user for user in departments if recommendation.department_for(user, application)), None)


def _recommend(cycle, *, departments, leave_one: bool) -> None:
    """Return the last submitted application (by name) for correction, once per cycle; recommend the others.

    With ``leave_one`` the last one stays with its department, which then sees it on its home page.
    """
    submitted = list(
        Application.objects.filter(cycle=cycle, status=ApplicationStatus.SUBMITTED)
        .select_related("cycle__scheme", "district")
        .order_by("title", "pk")
    )
    if submitted and len(submitted) > 2 and not CorrectionRequest.objects.filter(application__cycle=cycle).exists():
        last = submitted.pop()
        user = _department_user(last, departments)
        if user is not None:
            _try(recommendation.application_return_for_correction, last, by=user, comment=CORRECTION)
    if leave_one and len(submitted) > 1:
        submitted = submitted[1:]
    elif leave_one:
        submitted = []
    for application in submitted:
        user = _department_user(application, departments)
        if user is None:
            continue
        _try(
            recommendation.application_recommend,
            application,
            by=user,
            opinion=OPINION,
            signer_name=user.display_name or user.username,
            signed_on=timezone.localdate(),
        )


def _try(action, *args, **kwargs):
    try:
        return action(*args, **kwargs)
    except (ApplicationError, CycleError) as error:
        logger.warning("Demo: %s skipped: %s", getattr(action, "__name__", action), error)
        return None


# How many days ago each cycle's call closed, once the demo has moved it past its deadline.
DEADLINE_PASSED_DAYS_AGO = {"suizhou": 4, "jinzhong": 6, "lanzhou": 1}


def _time_travel_past_deadline(cycle) -> None:
    # Demo time travel: the call's deadline is weeks away, and the application stage cannot end
    # before it. The cycle's days pass (everything it holds moves into the past) until it has closed.
    if cycle.submission_deadline > timezone.now():
        pass_deadline(cycle, days_ago=DEADLINE_PASSED_DAYS_AGO.get(cycle.scheme.code, 1))


def _reach(cycle, kind, *, staff) -> bool:
    """Advance ``cycle`` until its current stage is of ``kind``; False if it is already past it."""
    target = cycle.stages.filter(kind=kind, skipped=False).order_by("order").first()
    if target is None:
        return False
    while True:
        stage = current_stage(cycle)
        if stage is None or stage.order > target.order:
            return False
        if stage.order == target.order:
            return True
        if stage.kind == StageKind.APPLICATION:
            _time_travel_past_deadline(cycle)
        if stage.is_notice:
            return False  # a notice stage ends after its notice has run its period, never by a push
        if _try(advance, cycle, by=staff, reason="演示：进入下一阶段") is None and current_stage(cycle) == stage:
            return False


def _county_notices(cycle, *, staff, departments) -> None:
    """Lanzhou 第十三条: each county office publishes a notice of its submitted applications for at
    least 5 working days, and forwards only what passed it."""
    stage = cycle.stages.filter(kind=StageKind.COUNTY_NOTICE).first()
    if stage.status == StageStatus.PENDING:
        _return_one(cycle, departments)  # while the applicant can still correct it
        if not _reach(cycle, StageKind.COUNTY_NOTICE, staff=staff):
            return
        stage.refresh_from_db()
    if stage.status == StageStatus.CURRENT:
        # The office drafted each county office's notice when the stage began; each publishes its own.
        for notice in Notice.objects.filter(stage=stage, status=NoticeStatus.DRAFT).select_related("department"):
            user = next(
                (u for u in departments if recommendation.departments_for(u).filter(pk=notice.department_id).exists()),
                None,
            )
            if user is None:
                continue
            try:
                notice_publish(notice, by=user)
            except PublicityError as error:
                logger.warning("Demo: county notice of %s not published: %s", notice.department, error)
        # Demo time travel: the county notices run their 5 working days (第十三条), ending two days ago.
        run_notices_out(cycle, days_after=2)
        _try(advance, cycle, by=staff, reason="演示：各县区公示期满，进入推荐")
    # The county offices forward what passed their notice, with their opinion.
    _recommend(cycle, departments=departments, leave_one=False)


def _return_one(cycle, departments) -> None:
    if CorrectionRequest.objects.filter(application__cycle=cycle).exists():
        return
    submitted = list(
        Application.objects.filter(cycle=cycle, status=ApplicationStatus.SUBMITTED).order_by("title", "pk")
    )
    if len(submitted) < 3:
        return
    user = _department_user(submitted[-1], departments)
    if user is not None:
        _try(recommendation.application_return_for_correction, submitted[-1], by=user, comment=CORRECTION)


def _review(cycle, *, staff) -> None:
    """Evaluate each recommended application, tick the judgment conditions, accept or refuse."""
    if eligibility.eligibility_stage(cycle) is None:
        return
    for application in Application.objects.filter(cycle=cycle, status=ApplicationStatus.RECOMMENDED).order_by("title"):
        review = _try(eligibility.eligibility_evaluate, application, by=staff)
        if review is None:
            continue
        for result in review.results.filter(outcome=ConditionOutcome.UNCHECKED):
            _try(
                eligibility.condition_result_judge,
                result,
                by=staff,
                met=True,
                note="经核查申报材料及相关部门意见，符合。",
            )
        if review.results.filter(outcome=ConditionOutcome.NOT_MET).exists():
            _try(eligibility.eligibility_refuse, application, by=staff)
        else:
            _try(eligibility.eligibility_accept, application, by=staff)
    if Application.objects.filter(cycle=cycle, status=ApplicationStatus.ACCEPTED).exists():
        stage = current_stage(cycle)
        following = cycle.stages.filter(order__gt=stage.order, skipped=False).order_by("order").first()
        if following is not None and following.kind == StageKind.ACCEPTANCE_NOTICE:
            _try(advance, cycle, by=staff, reason="资格审核完成，进入受理名单公示")
