"""GB/T 19580 and Jinzhong's individual rubric as shipped, and rubrics in the admin."""

import pytest
from django.db.models import Sum
from django.urls import reverse

from cycles.loader import load_schemes
from cycles.models import Rubric, RubricItem, RubricSection
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubrics(db):
    load_schemes()
    return {rubric.code: rubric for rubric in Rubric.objects.select_related("authority")}


def test_gbt19580_has_7_sections_23_items_1000_points(rubrics):
    rubric = rubrics["gbt19580"]
    sections = list(rubric.sections.order_by("order"))
    assert [(s.number, s.title, s.points) for s in sections] == [
        ("4.1", "领导", 110),
        ("4.2", "战略", 90),
        ("4.3", "顾客与市场", 90),
        ("4.4", "资源", 130),
        ("4.5", "过程管理", 100),
        ("4.6", "测量、分析与改进", 80),
        ("4.7", "结果", 400),
    ]
    items = RubricItem.objects.filter(section__rubric=rubric)
    assert items.count() == 23
    assert rubric.total_points == 1000
    assert items.aggregate(total=Sum("points"))["total"] == 1000
    for section in sections:
        assert sum(item.points for item in section.items.all()) == section.points, section.number
    assert not items.filter(guidance="").exists()
    assert rubric.authority is None


def test_gbt19580_items_and_points(rubrics):
    items = RubricItem.objects.filter(section__rubric=rubrics["gbt19580"]).order_by("section__order", "order")
    assert [(item.number, item.points) for item in items] == [
        ("4.1.2", 50),
        ("4.1.3", 30),
        ("4.1.4", 30),
        ("4.2.2", 40),
        ("4.2.3", 50),
        ("4.3.2", 40),
        ("4.3.3", 50),
        ("4.4.2", 60),
        ("4.4.3", 15),
        ("4.4.4", 20),
        ("4.4.5", 15),
        ("4.4.6", 10),
        ("4.4.7", 10),
        ("4.5.2", 50),
        ("4.5.3", 50),
        ("4.6.2", 40),
        ("4.6.3", 40),
        ("4.7.2", 80),
        ("4.7.3", 80),
        ("4.7.4", 80),
        ("4.7.5", 60),
        ("4.7.6", 50),
        ("4.7.7", 50),
    ]


def test_jinzhong_individual_rubric_is_labelled_for_the_office(rubrics):
    rubric = rubrics["jinzhong-individual"]
    assert "DB14/T 1463" in rubric.name and "待质量办按标准原文校订" in rubric.name
    assert rubric.authority.name == "晋中市人民政府"
    assert rubric.total_points == 1000
    assert RubricItem.objects.filter(section__rubric=rubric).aggregate(total=Sum("points"))["total"] == 1000


def test_rubric_admin_staff_reads_national_rubric_but_cannot_change_it(client, rubrics):
    staff = make_staff(rubrics["jinzhong-individual"].authority)
    client.force_login(staff)
    national = rubrics["gbt19580"]
    response = client.get(reverse("admin:cycles_rubric_change", args=[national.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    posted = client.post(
        reverse("admin:cycles_rubric_change", args=[national.pk]),
        {"code": "gbt19580", "name": "改名", "standard": "x"},
    )
    assert posted.status_code == 403
    national.refresh_from_db()
    assert national.name == "卓越绩效评价准则"


def test_rubric_admin_staff_cannot_see_another_authoritys_rubric(client, other_authority, rubrics):
    client.force_login(make_staff(other_authority))
    own = reverse("admin:cycles_rubric_changelist")
    response = client.get(own)
    assert response.status_code == 200
    assert [r.code for r in response.context["cl"].result_list] == ["gbt19580"]
    other = client.get(reverse("admin:cycles_rubric_change", args=[rubrics["jinzhong-individual"].pk]))
    assert other.status_code == 302


def test_rubric_admin_staff_creates_rubric_with_sections(client, authority):
    client.force_login(make_staff(authority))
    response = client.post(
        reverse("admin:cycles_rubric_add"),
        {
            "code": "city-services",
            "name": "服务业评价标准",
            "standard": "市质强办 2026",
            "authority": authority.pk,
            "sections-TOTAL_FORMS": "2",
            "sections-INITIAL_FORMS": "0",
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "1000",
            "sections-0-order": "1",
            "sections-0-number": "1",
            "sections-0-title": "领导",
            "sections-0-points": "400",
            "sections-1-order": "2",
            "sections-1-number": "2",
            "sections-1-title": "结果",
            "sections-1-points": "600",
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    rubric = Rubric.objects.get(code="city-services")
    assert (rubric.authority, rubric.total_points) == (authority, 1000)
    section = rubric.sections.get(number="1")
    items_url = reverse("admin:cycles_rubricsection_change", args=[section.pk])
    response = client.post(
        items_url,
        {
            "rubric": rubric.pk,
            "number": "1",
            "title": "领导",
            "points": "400",
            "order": "1",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-order": "1",
            "items-0-number": "1.1",
            "items-0-title": "高层领导的作用",
            "items-0-points": "400",
            "items-0-guidance": "看方法与展开",
        },
    )
    assert response.status_code == 302
    assert list(section.items.values_list("number", "points")) == [("1.1", 400)]


def test_rubric_admin_staff_cannot_create_a_national_rubric(client, authority):
    client.force_login(make_staff(authority))
    response = client.post(
        reverse("admin:cycles_rubric_add"),
        {
            "code": "national",
            "name": "全国",
            "standard": "GB",
            "authority": "",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert not Rubric.objects.filter(code="national").exists()
    assert not RubricSection.objects.exists()
