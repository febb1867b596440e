import datetime
import os

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AuditEntry
from applications.enums import ApplicationStatus
from applications.selectors import is_held
from cycles.enums import StageKind
from publicity.enums import ObjectionStatus, ObjectorKind
from publicity.errors import PublicityError
from publicity.models import Objection, ObjectionEvidence
from publicity.selectors import overdue
from publicity.services.objections import objection_add_note, objection_decide, objection_file
from tests import factories

from .conftest import at, cycle_at, make_application, pdf, png
from .helpers import identified_objection, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(staff, notice_stage, listed):
    return publish(notice_stage, staff, now=at(2026, 9, 30))


def _media_files(settings):
    return [name for _root, _dirs, files in os.walk(settings.MEDIA_ROOT) for name in files]


def test_objection_lanzhou_without_identity_refused_nothing_stored(notice, settings):
    entry = notice.entries.first()

    with pytest.raises(PublicityError) as refused:
        objection_file(
            notice,
            entry=entry,
            kind=ObjectorKind.INDIVIDUAL,
            name="王建国",
            content="有问题。",
            evidence=[pdf()],
            now=at(2026, 10, 8),
        )

    assert "第二十八条" in str(refused.value)
    assert "身份" in str(refused.value) or "identity" in str(refused.value)
    assert Objection.objects.count() == 0
    assert ObjectionEvidence.objects.count() == 0
    assert _media_files(settings) == []


def test_objection_lanzhou_unit_without_sealed_letter_refused(notice):
    with pytest.raises(PublicityError, match="第二十八条"):
        objection_file(
            notice,
            entry=notice.entries.first(),
            kind=ObjectorKind.UNIT,
            name="某公司",
            phone="0931-0000000",
            address="兰州市",
            content="有问题。",
            now=at(2026, 10, 8),
        )
    assert Objection.objects.count() == 0


def test_objection_lanzhou_unit_with_sealed_letter_accepted(notice):
    objection = objection_file(
        notice,
        entry=notice.entries.first(),
        kind=ObjectorKind.UNIT,
        name="某公司",
        phone="0931-0000000",
        address="兰州市",
        sealed_letter=pdf("异议函.pdf"),
        content="有问题。",
        now=at(2026, 10, 8),
    )
    assert objection.sealed_letter.name.endswith(".pdf")


def test_objection_without_identity_accepted_where_scheme_does_not_require(staff, authority, district):

    scheme = factories.make_scheme(authority, code="suizhou", objection_article="第三十条")
    cycle = cycle_at(scheme, StageKind.ACCEPTANCE_NOTICE)
    make_application(cycle, district, title="甲公司")
    notice = publish(cycle.stages.get(kind=StageKind.ACCEPTANCE_NOTICE), staff)

    objection = objection_file(notice, entry=notice.entries.get(), kind=ObjectorKind.INDIVIDUAL, content="匿名异议。")

    assert (objection.status, objection.due_at, objection.name) == (ObjectionStatus.OPEN, None, "")


def test_objection_with_identity_gets_reference_and_due_in_five_working_days(notice, staff):
    objection = identified_objection(notice, now=at(2026, 10, 8), evidence=[pdf(), png()])

    assert len(objection.reference) == 12 and objection.reference.startswith("YY-")
    assert objection.reference[7] == "-"
    # 2026-10-10 is a Saturday worked in lieu (调休): five working days after 10-08 end on 10-14.
    assert timezone.localtime(objection.due_at).replace(tzinfo=None) == datetime.datetime(2026, 10, 14, 23, 59, 59)
    assert list(objection.evidence.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]
    assert objection.identity_document.name.endswith(".png")
    assert is_held(objection.entry.application) is True
    assert AuditEntry.objects.filter(action="objection.filed", article="第二十八条").count() == 1
    assert staff.notifications.count() == 1


def test_objection_answered_within_window(notice, staff):
    objection = identified_objection(notice, now=at(2026, 10, 8))

    objection_decide(
        objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="经调查，异议不成立。", now=at(2026, 10, 14, 16)
    )

    objection.refresh_from_db()
    assert objection.decided_at <= objection.due_at
    assert objection.is_overdue(at(2026, 10, 20)) is False


def test_objection_flagged_overdue_after_window(notice):
    objection = identified_objection(notice, now=at(2026, 10, 8))

    assert objection.is_overdue(at(2026, 10, 14, 23, 0)) is False
    assert objection.is_overdue(at(2026, 10, 15, 0, 1)) is True
    assert overdue([objection], at(2026, 10, 15, 9)) == [objection]


def test_objection_upheld_removes_entry_and_eliminates_application(notice, staff, django_capture_on_commit_callbacks):
    objection = identified_objection(notice, now=at(2026, 10, 8))
    application = objection.entry.application

    with django_capture_on_commit_callbacks(execute=True):
        objection_decide(objection, by=staff, finding=ObjectionStatus.UPHELD, answer="异议成立，取消其资格。")

    objection.entry.refresh_from_db()
    application.refresh_from_db()
    assert (objection.entry.removed, objection.entry.removed_article) == (True, "第二十八条")
    assert application.status == ApplicationStatus.ELIMINATED
    eliminated = AuditEntry.objects.get(action="application.eliminated")
    assert (eliminated.from_state, eliminated.article) == (ApplicationStatus.ACCEPTED, "第二十八条")
    assert AuditEntry.objects.get(action="objection.upheld").article == "第二十九条"
    assert is_held(application) is False
    answers = [m for m in mail.outbox if objection.reference in m.subject]
    assert [m.to for m in answers] == [["objector@example.org"]]
    assert "异议成立，取消其资格。" in answers[0].body


def test_objection_unfounded_leaves_applicant_in(notice, staff):
    objection = identified_objection(notice, now=at(2026, 10, 8))

    objection_decide(objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="异议不成立。")

    objection.entry.refresh_from_db()
    objection.entry.application.refresh_from_db()
    assert objection.entry.removed is False
    assert objection.entry.application.status == ApplicationStatus.ACCEPTED
    assert is_held(objection.entry.application) is False


def test_objection_decide_refused_twice_and_without_answer(notice, staff):
    objection = identified_objection(notice, now=at(2026, 10, 8))

    with pytest.raises(PublicityError):
        objection_decide(objection, by=staff, finding=ObjectionStatus.UPHELD, answer="  ")
    with pytest.raises(PublicityError):
        objection_decide(objection, by=staff, finding=ObjectionStatus.OPEN, answer="x")
    objection_decide(objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="不成立。")
    for finding in (ObjectionStatus.UPHELD, ObjectionStatus.UNFOUNDED):
        with pytest.raises(PublicityError):
            objection_decide(objection, by=staff, finding=finding, answer="再次")
    with pytest.raises(PublicityError):
        objection_add_note(objection, by=staff, text="太晚了")


def test_objection_decide_refused_outside_authority(notice, other_staff, supervisor):
    objection = identified_objection(notice, now=at(2026, 10, 8))

    for user in (other_staff, supervisor):
        with pytest.raises(PublicityError):
            objection_decide(objection, by=user, finding=ObjectionStatus.UPHELD, answer="x")
        with pytest.raises(PublicityError):
            objection_add_note(objection, by=user, text="x")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN


def test_objection_note_recorded(notice, staff):
    objection = identified_objection(notice, now=at(2026, 10, 8))

    note = objection_add_note(objection, by=staff, text="已电话联系申报单位。")

    assert (note.author, note.text) == (staff, "已电话联系申报单位。")


def test_objection_refused_after_notice_ended(notice):
    with pytest.raises(PublicityError):
        identified_objection(notice, now=at(2026, 10, 14, 0, 0))
    assert Objection.objects.count() == 0


def test_objection_wrong_file_type_refused(notice, settings):

    fake = SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")

    with pytest.raises(PublicityError):
        identified_objection(notice, now=at(2026, 10, 8), evidence=[fake])
    assert Objection.objects.count() == 0


def test_objection_oversize_file_refused(notice, settings):
    settings.EVIDENCE_MAX_FILE_SIZE = 10

    with pytest.raises(PublicityError):
        identified_objection(notice, now=at(2026, 10, 8), evidence=[pdf()])
    assert Objection.objects.count() == 0


def test_objection_on_removed_entry_refused(notice, staff):
    objection = identified_objection(notice, now=at(2026, 10, 8))
    objection_decide(objection, by=staff, finding=ObjectionStatus.UPHELD, answer="成立。")

    with pytest.raises(PublicityError):
        identified_objection(notice, entry=objection.entry, now=at(2026, 10, 9))
