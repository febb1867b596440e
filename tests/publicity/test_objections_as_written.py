"""Objections on the shipped schemes as their texts allow them: at any time of the cycle (随州
第三十条, 兰州 第二十八条), investigated with a report and every committee member's written opinion
before an objection to the final notice is decided (钦州 第二十条; 庆元 四(五) sends the report to
the committee), and the objector's confirmation or silence recorded (兰州 第二十九条)."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import AuditEntry, Notification
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors import is_held
from cycles.enums import StageKind
from cycles.loader import load_schemes
from cycles.models import AwardScheme
from publicity.enums import ObjectionStatus, ObjectorKind
from publicity.errors import PublicityError
from publicity.models import Objection, ObjectionOpinion
from publicity.services import investigation, objections
from publicity.services.notices import notice_prepare, notice_publish
from tests import factories

from .conftest import cycle_at, make_application, png
from .helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(db):
    load_schemes()
    return {scheme.code: scheme for scheme in AwardScheme.objects.select_related("authority")}


def staff_of(scheme):
    return factories.make_staff(scheme.authority, username=f"{scheme.code}-staff")


def test_objection_filed_outside_a_notice_against_the_review_work(client, shipped):
    scheme = shipped["suizhou"]
    staff = staff_of(scheme)
    cycle = cycle_at(scheme, StageKind.MATERIAL_REVIEW)
    url = reverse("publicity:object-any-time", args=[cycle.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "subject": "材料评审评审组的组成",
            "kind": ObjectorKind.INDIVIDUAL,
            "content": "评审组中有一名专家与申报企业存在业务往来。",
            "email": "citizen@example.org",
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.cycle, objection.notice, objection.entry, objection.application, objection.subject) == (
        cycle,
        None,
        None,
        None,
        "材料评审评审组的组成",
    )
    assert client.get(response.url).context["objection"] == objection
    filed = AuditEntry.objects.get(action="objection.filed")
    assert (filed.article, filed.authority) == ("第三十条", scheme.authority)
    assert Notification.objects.filter(recipient=staff, url=f"/notices/objections/{objection.pk}/").count() == 1
    assert f'href="{url}"' in client.get(reverse("cycles:public", args=[cycle.pk])).content.decode()


def test_objection_outside_a_notice_about_a_listed_applicant_holds_it(shipped):
    scheme = shipped["lanzhou"]
    staff = staff_of(scheme)
    district = factories.DistrictFactory(authority=scheme.authority)
    cycle = cycle_at(scheme, StageKind.ACCEPTANCE_NOTICE)
    listed = make_application(cycle, district, title="兰州市甲公司")
    notice = publish(cycle.stages.get(kind=StageKind.ACCEPTANCE_NOTICE), staff)
    assert list(notice.entries.values_list("application", flat=True)) == [listed.pk]
    identity = {"name": "张三", "phone": "13800000000", "address": "兰州市城关区1号", "id_number": "620102199001011234"}
    with translation.override("en"), pytest.raises(PublicityError) as error:
        objections.objection_file_any_time(
            cycle, kind=ObjectorKind.INDIVIDUAL, subject="资格审查", content="材料不实", application=listed
        )
    assert str(error.value).startswith("Under 第二十八条第二款 an objection must identify the objector; missing: ")

    objection = objections.objection_file_any_time(
        cycle,
        kind=ObjectorKind.INDIVIDUAL,
        subject="资格审查",
        content="该企业注册时间不足5年。",
        application=listed,
        identity_document=png("身份证.png"),
        **identity,
    )
    assert (objection.application, objection.notice, objection.concerns) == (listed, None, "兰州市甲公司 · 资格审查")
    assert is_held(listed) is True
    assert objection.due_at is not None  # examined within 5 working days (第二十九条)


def test_objections_outside_a_notice_only_where_the_text_allows(client, shipped):
    cycle = cycle_at(shipped["qinzhou"], StageKind.MATERIAL_REVIEW)
    assert client.get(reverse("publicity:object-any-time", args=[cycle.pk])).status_code == 404
    with pytest.raises(PublicityError):
        objections.objection_file_any_time(cycle, kind=ObjectorKind.INDIVIDUAL, subject="评审", content="不公")
    assert not Objection.objects.exists()


def final_notice_objection(scheme):
    staff = staff_of(scheme)
    district = factories.DistrictFactory(authority=scheme.authority)
    cycle = cycle_at(scheme, StageKind.CANDIDATE_NOTICE)
    candidate = make_application(cycle, district, title="候选企业", status=ApplicationStatus.CANDIDATE)
    stage = cycle.stages.get(kind=StageKind.CANDIDATE_NOTICE)
    draft = notice_prepare(
        stage, by=staff, title="拟获奖名单公示", applications=Application.objects.filter(pk=candidate.pk)
    )
    notice = notice_publish(draft, by=staff)
    objection = objections.objection_file(
        notice, entry=notice.entries.get(), kind=ObjectorKind.UNIT, content="该企业去年发生质量事故。", name="某协会"
    )
    return staff, candidate, objection


def test_qinzhou_committee_opinions_required_before_a_final_notice_objection_is_decided(client, shipped):
    scheme = shipped["qinzhou"]
    members = [factories.make_committee_member(scheme.authority, username=f"member{n}") for n in range(2)]
    staff, candidate, objection = final_notice_objection(scheme)

    def decide():
        return objections.objection_decide(
            objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="经调查不属实。"
        )

    with translation.override("en"), pytest.raises(PublicityError) as error:
        decide()
    assert str(error.value) == "Under 第二十条 the investigation report is written first."
    investigation.objection_report_write(objection, by=staff, text="经现场核查，事故系供应商责任，已依法处理。")
    assert (
        Notification.objects.filter(recipient__in=members, url=f"/notices/objections/{objection.pk}/opinion/").count()
        == 2
    )
    with pytest.raises(PublicityError):
        investigation.objection_opinion_give(objection, by=staff, text="同意")  # staff are no committee members

    client.force_login(members[0])
    url = reverse("publicity:objection-opinion", args=[objection.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "同意调查结论。"}).status_code == 302
    with translation.override("en"), pytest.raises(PublicityError) as error:
        decide()
    assert str(error.value) == (
        f"Under 第二十条 every committee member gives a written opinion first; waiting for {members[1].display_name}."
    )
    investigation.objection_opinion_give(objection, by=members[1], text="同意。")

    decided = decide()
    assert decided.status == ObjectionStatus.UNFOUNDED
    assert list(ObjectionOpinion.objects.filter(objection=objection).values_list("member", flat=True)) == [
        m.pk for m in members
    ]
    assert AuditEntry.objects.get(action="objection.unfounded").data == {"opinions": 2}
    assert is_held(candidate) is False


def test_opinion_page_for_committee_members_of_the_authority_only(client, shipped):
    scheme = shipped["qinzhou"]
    staff, _candidate, objection = final_notice_objection(scheme)
    investigation.objection_report_write(objection, by=staff, text="调查核实情况报告。")
    url = reverse("publicity:objection-opinion", args=[objection.pk])
    client.force_login(staff)
    assert client.get(url).status_code == 404
    client.force_login(factories.make_committee_member(shipped["suizhou"].authority, username="suizhou-member"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "同意"}).status_code == 404
    assert not ObjectionOpinion.objects.exists()


def test_qingyuan_report_goes_to_the_committee_before_the_decision(shipped):
    scheme = shipped["qingyuan"]
    member = factories.make_committee_member(scheme.authority, username="qingyuan-member")
    staff, _candidate, objection = final_notice_objection(scheme)
    with pytest.raises(PublicityError):
        objections.objection_decide(objection, by=staff, finding=ObjectionStatus.UPHELD, answer="属实。")
    investigation.objection_report_write(objection, by=staff, text="经调查属实。")
    assert Notification.objects.get(recipient=member).subject == f"异议{objection.reference}的调查核实情况报告"
    decided = objections.objection_decide(objection, by=staff, finding=ObjectionStatus.UPHELD, answer="经调查属实。")
    assert decided.status == ObjectionStatus.UPHELD
    decided.entry.refresh_from_db()
    assert (decided.entry.removed, decided.entry.removed_article) == (True, "四(五)")


def test_lanzhou_objector_confirms_the_written_result_or_its_silence_is_recorded(client, shipped):
    scheme = shipped["lanzhou"]
    staff = staff_of(scheme)
    cycle = cycle_at(scheme, StageKind.MATERIAL_REVIEW)
    identity = {"name": "张三", "phone": "13800000000", "address": "兰州市城关区1号", "id_number": "620102199001011234"}

    def file():
        return objections.objection_file_any_time(
            cycle,
            kind=ObjectorKind.INDIVIDUAL,
            subject="材料评审",
            content="评分不公。",
            identity_document=png("身份证.png"),
            email="zhang@example.org",
            **identity,
        )

    first, second = file(), file()
    with pytest.raises(PublicityError):
        investigation.objection_confirm(first, agrees=True)  # not decided yet
    for objection in (first, second):
        objections.objection_decide(objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="经审查不成立。")

    status = client.get(reverse("publicity:objection-status"), {"reference": first.reference})
    assert status.context["confirm_form"] is not None
    response = client.post(reverse("publicity:objection-confirm", args=[first.reference]), {"agrees": "1"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.objector_agrees, first.objector_answered_at is not None) == (True, True)
    assert (
        client.post(reverse("publicity:objection-confirm", args=[first.reference]), {"agrees": "1"}).status_code == 404
    )

    client.force_login(factories.make_staff(factories.AuthorityFactory(), username="outsider"))
    assert client.post(reverse("publicity:objection-silence", args=[second.pk])).status_code == 404
    client.force_login(staff)
    assert client.post(reverse("publicity:objection-silence", args=[second.pk])).status_code == 302
    second.refresh_from_db()
    assert (second.silence_recorded_by, second.objector_answered_at) == (staff, None)
    assert list(
        AuditEntry.objects.filter(action__in=["objection.confirmed", "objection.silence"])
        .order_by("pk")
        .values_list("action", "article")
    ) == [("objection.confirmed", "第二十九条"), ("objection.silence", "第二十九条")]


def test_report_view_staff_of_the_authority_only(client, shipped):
    scheme = shipped["qinzhou"]
    member = factories.make_committee_member(scheme.authority, username="qinzhou-member", display_name="李委员")
    staff, _candidate, objection = final_notice_objection(scheme)
    url = reverse("publicity:objection-report", args=[objection.pk])
    client.force_login(factories.make_staff(factories.AuthorityFactory(), username="outsider"))
    assert client.post(url, {"text": "报告"}).status_code == 404
    client.force_login(factories.make_supervisor(scheme.authority, username="qinzhou-supervisor"))
    assert client.post(url, {"text": "报告"}).status_code == 404
    objection.refresh_from_db()
    assert objection.report == ""
    client.force_login(staff)
    assert client.post(url, {"text": "经调查核实，情况如下。"}).status_code == 302
    objection.refresh_from_db()
    assert (objection.report, objection.report_by) == ("经调查核实，情况如下。", staff)
    page = client.get(reverse("publicity:objection-detail", args=[objection.pk]))
    assert page.context["missing"] == ["依据第二十条，须先书面征求评委会全体委员意见；尚待李委员。"]
    assert member.notifications.get().url == f"/notices/objections/{objection.pk}/opinion/"
