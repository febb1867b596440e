"""Filing an objection: the answer comes after a redirect (a refresh files nothing twice), a form
returned with errors names the files to choose again, and every notice page gives the office's contact."""

import pytest
from django.urls import reverse
from django.utils import translation

from cycles.enums import StageKind
from publicity.models import Objection

from .conftest import cycle_at, pdf, png
from .helpers import identified_objection, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def contact(authority):
    authority.office_name = "随州市质强办"
    authority.office_address = "随州市曾都区沿江大道1号"
    authority.office_phone = "0722-3251234"
    authority.office_email = "zqb@suizhou.example.cn"
    authority.save()
    return authority


@pytest.fixture
def notice(staff, notice_stage, listed, contact):
    return publish(notice_stage, staff)


def identified(notice, **overrides):
    return {
        "entry": notice.entries.order_by("order").first().pk,
        **identified_objection_fields(),
        "content": "该单位近五年内发生过质量事故。",
        **overrides,
    }


def assert_contact(page):
    assert "随州市质强办" in page
    assert "随州市曾都区沿江大道1号" in page
    assert 'href="tel:0722-3251234"' in page
    assert 'href="mailto:zqb@suizhou.example.cn"' in page


def test_a_filed_objection_redirects_and_the_answer_page_files_nothing_again(client, notice):
    response = client.post(reverse("publicity:object", args=[notice.pk]), identified(notice))
    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("publicity:objection-filed", args=[objection.reference])
    for _refresh in range(2):
        page = client.get(response.url)
        assert page.status_code == 200
        assert page.context["objection"] == objection
    assert Objection.objects.count() == 1
    content = page.content.decode()
    assert objection.reference in content
    assert objection.due_at.strftime("%Y-%m-%d") in content
    assert_contact(content)


def test_the_answer_page_of_an_unknown_reference_is_404(client):
    assert client.get(reverse("publicity:objection-filed", args=["YY-AAAA-AAAA"])).status_code == 404


def test_the_answer_page_costs_one_query(client, notice, django_assert_num_queries):
    objection = identified_objection(notice)
    with django_assert_num_queries(1):
        assert client.get(reverse("publicity:objection-filed", args=[objection.reference.lower()])).status_code == 200


def test_a_form_returned_with_errors_names_the_files_to_choose_again(client, notice):
    response = client.post(
        reverse("publicity:object", args=[notice.pk]), identified(notice, content="", evidence=[pdf("合同.pdf")])
    )
    assert response.status_code == 200
    assert Objection.objects.count() == 0
    assert response.context["files_dropped"] == ["身份证.png", "合同.pdf"]
    content = response.content.decode()
    assert 'id="files-dropped"' in content
    assert "2 个附件未能保留" in content and "身份证.png、合同.pdf" in content


def test_a_form_returned_with_errors_without_files_asks_for_none(client, notice):
    response = client.post(
        reverse("publicity:object", args=[notice.pk]), identified(notice, identity_document="", name="")
    )
    assert response.status_code == 200
    assert response.context["files_dropped"] == []
    assert 'id="files-dropped"' not in response.content.decode()


def test_an_objection_outside_a_notice_redirects_and_its_form_gives_the_contact(client, lanzhou, contact):
    lanzhou.objection_any_time_article = "第二十八条"
    lanzhou.save()
    cycle = cycle_at(lanzhou, StageKind.MATERIAL_REVIEW)
    url = reverse("publicity:object-any-time", args=[cycle.pk])
    assert_contact(client.get(url).content.decode())
    response = client.post(
        url, {"subject": "材料评审评审组的组成", **identified_objection_fields(), "evidence": [pdf("名单.pdf")]}
    )
    objection = Objection.objects.get()
    assert response.url == reverse("publicity:objection-filed", args=[objection.reference])
    assert client.get(response.url).status_code == 200
    assert Objection.objects.count() == 1


def identified_objection_fields():
    return {
        "kind": "individual",
        "name": "王建国",
        "phone": "13800000000",
        "address": "兰州市城关区庆阳路1号",
        "id_number": "620102198001010011",
        "identity_document": png("身份证.png"),
        "content": "评审组中有一名专家与申报企业存在业务往来。",
    }


def test_the_notice_the_form_and_the_status_page_give_the_office_contact(client, notice):
    objection = identified_objection(notice)
    for url in (
        reverse("publicity:public-detail", args=[notice.pk]),
        reverse("publicity:object", args=[notice.pk]),
        reverse("publicity:objection-status") + f"?reference={objection.reference}",
    ):
        assert_contact(client.get(url).content.decode())


def test_a_notice_of_an_office_without_contact_details_names_the_office(client, staff, notice_stage, listed):
    notice = publish(notice_stage, staff)
    content = client.get(reverse("publicity:public-detail", args=[notice.pk])).content.decode()
    assert 'id="office-contact"' in content
    assert notice.cycle.scheme.authority.office_name in content
    assert "tel:" not in content
