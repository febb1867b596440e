import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models.dossier import ReportSection
from cycles.enums import StageKind
from cycles.models import RubricItem
from publicity.enums import NoticeStatus, ObjectionStatus
from publicity.models import Notice, Objection
from publicity.services.objections import objection_decide
from tests import factories

from .conftest import cycle_at, make_application, pdf, png
from .helpers import identified_objection, prepare, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(staff, notice_stage, listed):
    return publish(notice_stage, staff)


@pytest.fixture
def objection(notice):
    return identified_objection(notice, evidence=[pdf("证据.pdf")])


def login(client, user):
    client.force_login(user)
    return client


# Public pages -------------------------------------------------------------------------------


def test_public_list_shows_published_notices_anonymously(client, notice, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get(reverse("publicity:public-list"))

    assert response.status_code == 200
    assert list(response.context["notices"]) == [notice]
    assert response.context["notices"][0].entry_count == 2


def test_public_list_query_count_constant(client, staff, authority, district, django_assert_num_queries):
    for index in range(3):
        scheme = factories.make_scheme(authority, code=f"award-{index}")
        cycle = cycle_at(scheme, StageKind.ACCEPTANCE_NOTICE)
        make_application(cycle, district, title=f"公司{index}")
        publish(cycle.stages.get(kind=StageKind.ACCEPTANCE_NOTICE), staff)

    with django_assert_num_queries(2):
        response = client.get(reverse("publicity:public-list"))

    assert len(response.context["notices"]) == 3


def test_public_list_hides_drafts(client, staff, notice_stage, listed):
    prepare(notice_stage, staff, title="受理名单公示草稿")

    response = client.get(reverse("publicity:public-list"))

    assert list(response.context["notices"]) == []
    assert "受理名单公示草稿" not in response.content.decode()


def test_public_detail_draft_404(client, staff, notice_stage, listed):
    draft = prepare(notice_stage, staff, title="草稿")

    assert client.get(reverse("publicity:public-detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("publicity:object", args=[draft.pk])).status_code == 404


def test_public_detail_shows_list_period_article_and_how_to_object(client, notice, django_assert_num_queries):
    with django_assert_num_queries(3):
        response = client.get(reverse("publicity:public-detail", args=[notice.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "随州市甲机械有限公司" in content and "随州市乙食品有限公司" in content
    assert timezone.localtime(notice.ends_at).strftime("%Y-%m-%d %H:%M") in content
    assert "第13条" in content and "第二十八条" in content
    assert reverse("publicity:object", args=[notice.pk]) in content


def test_public_detail_shows_only_snapshot_fields(client, notice):
    """Entries hold the name, category and district only: nothing of the dossier can leak."""
    response = client.get(reverse("publicity:public-detail", args=[notice.pk]))

    entry = response.context["entries"][0]
    assert (entry.display_name, entry.category, entry.district) == ("随州市甲机械有限公司", "组织", "曾都区")
    assert "91420000MA" not in response.content.decode()  # not even the credit code


def test_public_past_lists_ended_notices_without_closing_them(client, staff, notice_stage, listed):
    notice = publish(notice_stage, staff, now=timezone.now() - datetime.timedelta(days=20))

    response = client.get(reverse("publicity:public-past"))

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED  # closing is the periodic task's, never a page's
    assert list(response.context["notices"]) == [notice]
    assert list(client.get(reverse("publicity:public-list")).context["notices"]) == []
    detail = client.get(reverse("publicity:public-detail", args=[notice.pk]))
    assert detail.context["open"] is False


def test_public_past_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("publicity:public-past"))


def test_objection_form_files_with_identity(client, notice):
    entry = notice.entries.order_by("order").first()
    response = client.post(
        reverse("publicity:object", args=[notice.pk]),
        {
            "entry": entry.pk,
            "kind": "individual",
            "name": "王建国",
            "phone": "13800000000",
            "address": "兰州市城关区",
            "email": "",
            "id_number": "620102198001010011",
            "identity_document": png("身份证.png"),
            "content": "该单位存在问题。",
            "evidence": [pdf("a.pdf"), png("b.png")],
        },
    )

    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("publicity:objection-filed", args=[objection.reference])
    assert objection.reference in client.get(response.url).content.decode()
    assert (objection.entry, objection.evidence.count()) == (entry, 2)


def test_objection_form_without_identity_refused_with_article(client, notice):
    response = client.post(
        reverse("publicity:object", args=[notice.pk]),
        {"entry": notice.entries.first().pk, "kind": "individual", "name": "王建国", "content": "有问题。"},
    )

    assert response.status_code == 200
    assert "第二十八条" in response.content.decode()
    assert Objection.objects.count() == 0


def test_objection_form_wrong_file_type_refused(client, notice):

    response = client.post(
        reverse("publicity:object", args=[notice.pk]),
        {
            "entry": notice.entries.first().pk,
            "kind": "individual",
            "name": "王建国",
            "phone": "1",
            "address": "兰州",
            "id_number": "6201",
            "identity_document": SimpleUploadedFile("id.png", b"not an image at all"),
            "content": "有问题。",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["identity_document"]
    assert Objection.objects.count() == 0


def test_objection_form_after_end_redirects(client, staff, notice_stage, listed):
    notice = publish(notice_stage, staff)
    Notice.objects.filter(pk=notice.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(reverse("publicity:object", args=[notice.pk]))

    assert response.status_code == 302


def test_objection_status_shows_status_and_answer_only(client, objection, staff):
    url = reverse("publicity:objection-status")
    response = client.get(url, {"reference": objection.reference.lower()})
    assert response.context["objection"] == objection
    assert "王建国" not in response.content.decode()

    objection_decide(objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="经调查，异议不成立。")
    content = client.get(url, {"reference": objection.reference}).content.decode()

    assert "经调查，异议不成立。" in content
    assert "620102198001010011" not in content and "13800000000" not in content


def test_objection_status_unknown_reference(client):
    response = client.get(reverse("publicity:objection-status"), {"reference": "YY-AAAA-AAAA"})

    assert response.context["objection"] is None
    assert response.context["form"].errors["reference"]


# Staff pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff", "supervisor"])
def test_cycle_notices_allowed(client, request, cycle, notice, objection, persona):
    login(client, request.getfixturevalue(persona))

    response = client.get(reverse("publicity:cycle", args=[cycle.pk]))

    assert response.status_code == 200
    assert response.context["notices"] == [notice]
    assert list(response.context["objections"]) == [objection]


@pytest.mark.parametrize("persona", ["other_staff", "department_user", "applicant"])
def test_cycle_notices_denied(client, request, cycle, persona):
    login(client, request.getfixturevalue(persona))

    assert client.get(reverse("publicity:cycle", args=[cycle.pk])).status_code == 404


def test_cycle_notices_anonymous_redirected(client, cycle):
    assert client.get(reverse("publicity:cycle", args=[cycle.pk])).status_code == 302


def test_cycle_notices_flags_overdue(client, staff, cycle, objection):
    Objection.objects.filter(pk=objection.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    login(client, staff)

    response = client.get(reverse("publicity:cycle", args=[cycle.pk]))

    assert response.context["overdue_ids"] == {objection.pk}


def test_prepare_then_publish_by_staff(client, staff, notice_stage, listed):
    login(client, staff)

    response = client.post(reverse("pipeline:notice-prepare", args=[notice_stage.pk]))
    notice = Notice.objects.get()
    assert response.url == reverse("publicity:manage", args=[notice.pk])
    assert notice.status == NoticeStatus.DRAFT

    client.post(reverse("publicity:publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED


@pytest.mark.parametrize("persona", ["other_staff", "supervisor", "department_user"])
def test_prepare_denied(client, request, notice_stage, listed, persona):
    login(client, request.getfixturevalue(persona))

    response = client.post(reverse("pipeline:notice-prepare", args=[notice_stage.pk]))

    assert response.status_code == 404
    assert Notice.objects.count() == 0


@pytest.mark.parametrize("persona", ["other_staff", "supervisor"])
def test_publish_denied(client, request, staff, notice_stage, listed, persona):
    draft = prepare(notice_stage, staff)
    login(client, request.getfixturevalue(persona))

    assert client.post(reverse("publicity:publish", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.DRAFT


@pytest.mark.parametrize("persona,status", [("staff", 200), ("supervisor", 200), ("other_staff", 404)])
def test_notice_manage_scope(client, request, notice, persona, status):
    login(client, request.getfixturevalue(persona))

    assert client.get(reverse("publicity:manage", args=[notice.pk])).status_code == status


def test_notice_manage_anonymous_redirected(client, notice):
    assert client.get(reverse("publicity:manage", args=[notice.pk])).status_code == 302


def test_county_notices_page_for_department(client, department_user, authority, department, district):
    scheme = factories.make_scheme(
        authority,
        code="lanzhou-county",
        stages=[(StageKind.COUNTY_NOTICE, "县区公示", 5), (StageKind.RECOMMENDATION, "推荐", None)],
    )
    cycle = cycle_at(scheme, StageKind.COUNTY_NOTICE)
    make_application(cycle, district, title="曾都区甲公司", status=ApplicationStatus.SUBMITTED)
    stage = cycle.stages.get(kind=StageKind.COUNTY_NOTICE)
    login(client, department_user)

    response = client.get(reverse("publicity:county"))
    assert [(row["stage"], row["department"], row["notice"]) for row in response.context["rows"]] == [
        (stage, department, None)
    ]
    client.post(reverse("pipeline:notice-prepare", args=[stage.pk]), {"department": department.pk})
    notice = Notice.objects.get()
    client.post(reverse("publicity:publish", args=[notice.pk]))

    notice.refresh_from_db()
    assert (notice.department, notice.status, notice.entries.count()) == (department, NoticeStatus.PUBLISHED, 1)


@pytest.mark.parametrize("persona", ["staff", "applicant"])
def test_county_notices_page_denied(client, request, persona):
    login(client, request.getfixturevalue(persona))

    assert client.get(reverse("publicity:county")).status_code == 404


@pytest.mark.parametrize("persona", ["staff", "supervisor"])
def test_objection_detail_allowed(client, request, objection, persona):
    login(client, request.getfixturevalue(persona))

    response = client.get(reverse("publicity:objection-detail", args=[objection.pk]))

    assert response.status_code == 200
    assert (response.context["decide_form"] is not None) == (persona == "staff")


@pytest.mark.parametrize("persona", ["other_staff", "department_user", "applicant"])
def test_objection_detail_denied(client, request, objection, persona):
    login(client, request.getfixturevalue(persona))

    assert client.get(reverse("publicity:objection-detail", args=[objection.pk])).status_code == 404


def test_objection_note_and_decide_by_staff(client, staff, objection):
    login(client, staff)

    client.post(reverse("publicity:objection-note", args=[objection.pk]), {"text": "已核实。"})
    client.post(
        reverse("publicity:objection-decide", args=[objection.pk]), {"finding": "upheld", "answer": "异议成立。"}
    )

    objection.refresh_from_db()
    assert [n.text for n in objection.notes.all()] == ["已核实。"]
    assert (objection.status, objection.answer, objection.decided_by) == (ObjectionStatus.UPHELD, "异议成立。", staff)


@pytest.mark.parametrize("persona", ["supervisor", "other_staff"])
def test_objection_note_and_decide_denied(client, request, objection, persona):
    login(client, request.getfixturevalue(persona))

    assert client.post(reverse("publicity:objection-note", args=[objection.pk]), {"text": "x"}).status_code == 404
    response = client.post(
        reverse("publicity:objection-decide", args=[objection.pk]), {"finding": "upheld", "answer": "x"}
    )
    assert response.status_code == 404
    objection.refresh_from_db()
    assert (objection.status, objection.notes.count()) == (ObjectionStatus.OPEN, 0)


def test_objection_files_served_to_staff(client, staff, objection):
    login(client, staff)
    evidence = objection.evidence.get()

    identity = client.get(reverse("publicity:objection-file", args=[objection.pk, "identity"]))
    document = client.get(reverse("publicity:objection-file", args=[objection.pk, evidence.pk]))

    assert identity.status_code == 200 and b"".join(identity.streaming_content).startswith(b"\x89PNG")
    assert document.status_code == 200 and b"".join(document.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("publicity:objection-file", args=[objection.pk, "letter"])).status_code == 404


@pytest.mark.parametrize("persona", ["supervisor", "other_staff", "applicant"])
def test_objection_files_denied(client, request, objection, persona):
    login(client, request.getfixturevalue(persona))

    assert client.get(reverse("publicity:objection-file", args=[objection.pk, "identity"])).status_code == 404


def test_objection_files_anonymous_redirected(client, objection):
    assert client.get(reverse("publicity:objection-file", args=[objection.pk, "identity"])).status_code == 302


def test_public_pages_never_show_trade_secrets(client, staff, cycle, notice_stage, listed):

    item = RubricItem.objects.filter(section__rubric=cycle.scheme.categories.first().rubric).first()
    ReportSection.objects.create(
        application=listed[0], item=item, text="商业秘密：核心配方甲乙丙", is_trade_secret=True
    )
    notice = publish(notice_stage, staff)

    for url in (
        reverse("publicity:public-list"),
        reverse("publicity:public-detail", args=[notice.pk]),
        reverse("publicity:object", args=[notice.pk]),
    ):
        assert "核心配方甲乙丙" not in client.get(url).content.decode()


def test_objection_answer_pdf_once_answered(client, objection, staff):
    url = reverse("publicity:objection-answer-pdf", args=[objection.reference])
    assert client.get(url).status_code == 404

    objection_decide(objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="经调查，异议不成立。")
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_objection_answer_pdf_unknown_reference_404(client):
    assert client.get(reverse("publicity:objection-answer-pdf", args=["YY-AAAA-AAAA"])).status_code == 404
