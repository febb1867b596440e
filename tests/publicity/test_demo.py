import pytest

from accounts.models import AuditEntry
from cycles.enums import StageKind
from demo import publicity as demo
from publicity.enums import NoticeStatus, ObjectionStatus
from publicity.models import Notice, Objection
from tests import factories

from .conftest import LANZHOU_OBJECTIONS, cycle_at, make_application

pytestmark = pytest.mark.django_db


def test_demo_publishes_where_at_acceptance_notice_and_answers_one_objection(authority, other_authority, district):
    factories.make_staff(authority, username="lanzhou-staff")
    factories.make_staff(other_authority, username="jinzhong-staff")
    lanzhou = cycle_at(
        factories.make_scheme(authority, code="lanzhou", **LANZHOU_OBJECTIONS), StageKind.ACCEPTANCE_NOTICE
    )
    jinzhong = cycle_at(factories.make_scheme(other_authority, code="jinzhong"), StageKind.ELIGIBILITY)
    make_application(lanzhou, district, title="兰州甲公司")
    context = {"cycles": {"lanzhou": lanzhou, "jinzhong": jinzhong}}

    demo.build(context)
    entries = AuditEntry.objects.count()
    demo.build(context)

    notice = Notice.objects.get()
    objection = Objection.objects.get()
    assert (notice.cycle, notice.status) == (lanzhou, NoticeStatus.PUBLISHED)
    assert (objection.status, objection.name, objection.evidence.count()) == (ObjectionStatus.UNFOUNDED, "王建国", 1)
    assert AuditEntry.objects.count() == entries


def test_demo_publishes_nothing_without_cycles():
    demo.build({})

    assert Notice.objects.count() == 0
