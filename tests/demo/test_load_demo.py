"""The demo as ``make run`` loads it: plausible data, cycles at different stages with real dates, work
on every role's home page, and the days passing with ``shift_demo``."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.audit_chain import verify
from accounts.models import Authority, Department, User
from applications.models import Organisation, TeamMember
from applications.validators import validate_credit_code
from cycles.calendar import add_days, end_of_day
from cycles.enums import DayUnit, StageKind
from cycles.models import Cycle, CycleStage
from cycles.services import current_stage
from demo.models import DemoInstallation
from demo.people import REGION_CODES
from pipeline.home import tasks_for
from publicity.enums import NoticeStatus
from publicity.models import Notice
from reviews.models import ReviewerProfile

pytestmark = pytest.mark.django_db

DOUBLED = re.compile("市市(?!长|场)|市省")
NAMED = [
    (Authority, ["name", "region", "office_name"]),
    (Department, ["name"]),
    (User, ["display_name"]),
    (Organisation, ["name", "address"]),
    (TeamMember, ["employer"]),
    (ReviewerProfile, ["employer_name"]),
    (Notice, ["title"]),
]


@pytest.fixture
def demo():
    call_command("load_schemes", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    return {cycle.scheme.code: cycle for cycle in Cycle.objects.select_related("scheme")}


def test_the_demo_is_plausible_runs_on_real_dates_and_lets_the_days_pass(demo):
    # Unified social credit codes: valid, with the region code of the district the company is registered in.
    for organisation in Organisation.objects.select_related("district__authority"):
        assert validate_credit_code(organisation.credit_code) == organisation.credit_code
        assert organisation.credit_code[2:8] == REGION_CODES[organisation.district.name]
    qingyuan = Organisation.objects.filter(district__authority__name="庆元县人民政府")
    assert {o.credit_code[2:8] for o in qingyuan} == {"331126"}  # 浙江省丽水市庆元县
    assert all(o.name.startswith(("庆元", "浙江庆元")) for o in qingyuan)
    # Institutions named as they are: no 市市 (but 市市长, the mayor, and 市市场监督管理局), no 市省.
    for model, fields in NAMED:
        for row in model.objects.values_list(*fields):
            for text in row:
                assert not DOUBLED.search(text), text
    assert DemoInstallation.objects.count() == 1

    # The cycles stand at different stages, with deadlines of their own, none at the moment of loading.
    stages = {code: current_stage(cycle).kind for code, cycle in demo.items()}
    assert stages["suizhou"] == StageKind.ELIGIBILITY
    assert stages["jinzhong"] == StageKind.ACCEPTANCE_NOTICE
    assert stages["lanzhou"] == StageKind.MATERIAL_REVIEW
    assert {stages["qinzhou"], stages["qingyuan"]} <= {StageKind.CALL, StageKind.APPLICATION}
    now = timezone.now()
    deadlines = [cycle.submission_deadline for cycle in demo.values()]
    assert len(set(deadlines)) == 5
    assert all(abs(deadline - now) > datetime.timedelta(days=1) for deadline in deadlines)
    assert demo["suizhou"].submission_deadline < now < demo["qinzhou"].submission_deadline

    # 兰州's county notices ran their 5 working days (第十三条), from their start on the real calendar.
    county = Notice.objects.filter(cycle=demo["lanzhou"], stage__kind=StageKind.COUNTY_NOTICE)
    assert county.count() >= 1
    for notice in county:
        assert (notice.period_days, notice.period_unit, notice.status) == (5, DayUnit.WORKING, NoticeStatus.CLOSED)
        assert notice.ends_at == end_of_day(add_days(notice.starts_on, 5, DayUnit.WORKING))
        assert notice.ends_at < now
    # 晋中's accepted list has been up for two days and runs on.
    accepted_list = Notice.objects.get(cycle=demo["jinzhong"], stage__kind=StageKind.ACCEPTANCE_NOTICE)
    assert accepted_list.starts_on == timezone.localdate() - datetime.timedelta(days=2)
    assert accepted_list.status == NoticeStatus.PUBLISHED and accepted_list.ends_at > now

    # Each role finds work on its home page.
    for prefix in ["suizhou-staff", "qinzhou-dept", "suizhou-applicant", "lanzhou-reviewer", "jinzhong-staff"]:
        assert any(tasks_for(user) for user in User.objects.filter(username__startswith=prefix)), prefix

    # A week passes: 晋中's notice ends, every date a week earlier, the audit trail still verifies.
    stage_start = CycleStage.objects.get(cycle=demo["suizhou"], kind=StageKind.ELIGIBILITY).started_at
    call_command("shift_demo", "7", stdout=io.StringIO())
    accepted_list.refresh_from_db()
    assert accepted_list.status == NoticeStatus.CLOSED
    assert accepted_list.ends_at == end_of_day(add_days(accepted_list.starts_on, 5, DayUnit.WORKING))
    assert CycleStage.objects.get(cycle=demo["suizhou"], kind=StageKind.ELIGIBILITY).started_at == (
        stage_start - datetime.timedelta(days=7)
    )
    assert all(verify(authority.pk).ok for authority in Authority.objects.all())
