"""A rubric entered in a spreadsheet (晋中 第十七条: DB14/T 1463 and 1464 in place of the stand-in)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import AuditEntry
from cycles.models import Rubric
from tests import factories

pytestmark = pytest.mark.django_db


def workbook(rows, *, client) -> SimpleUploadedFile:
    template = load_workbook(io.BytesIO(client.get(reverse("cycles:rubric-template")).content))
    page = template.worksheets[0]
    book = Workbook()
    sheet = book.active
    sheet.title = page.title
    sheet.append([cell.value for cell in page[2]])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("db14t1464.xlsx", buffer.getvalue())


ROWS = [
    ["1", "领导", 100, "1.1", "高层领导的作用", 60, "确立方向，推进质量文化"],
    ["", "", "", "1.2", "组织治理", 40, "治理结构与问责"],
    [2, "结果", 50, 2.1, "质量结果", 50, ""],
]


def form(client, rows, authority, code="jinzhong-db14t1464"):
    return {
        "authority": authority.pk,
        "code": code,
        "name": "山西省质量奖组织类评价规范",
        "standard": "DB14/T 1464",
        "file": workbook(rows, client=client),
    }


def test_staff_import_a_rubric_from_the_template(client, authority, staff):
    client.force_login(staff)
    assert client.get(reverse("cycles:rubric-import")).status_code == 200
    response = client.post(reverse("cycles:rubric-import"), form(client, ROWS, authority))
    assert response.status_code == 302
    rubric = Rubric.objects.get(code="jinzhong-db14t1464")
    assert (rubric.authority, rubric.standard, rubric.total_points) == (authority, "DB14/T 1464", 150)
    assert [
        (s.number, s.title, s.points, [(i.number, i.title, i.points, i.guidance) for i in s.items.all()])
        for s in rubric.sections.all()
    ] == [
        (
            "1",
            "领导",
            100,
            [("1.1", "高层领导的作用", 60, "确立方向，推进质量文化"), ("1.2", "组织治理", 40, "治理结构与问责")],
        ),
        ("2", "结果", 50, [("2.1", "质量结果", 50, "")]),
    ]
    assert AuditEntry.objects.get(action="rubric.imported").actor == staff
    assert rubric.history.get().history_user == staff


def test_rubric_import_refuses_points_that_do_not_add_up(client, authority, staff):
    client.force_login(staff)
    rows = [*ROWS[:2], ["2", "结果", 60, "2.1", "质量结果", 50, ""]]
    response = client.post(reverse("cycles:rubric-import"), form(client, rows, authority))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["类目2分值为60分，但其条款合计50分"]
    assert not Rubric.objects.filter(code="jinzhong-db14t1464").exists()


def test_rubric_import_for_staff_of_the_chosen_authority_only(client, authority, staff, applicant, other_staff):
    client.force_login(other_staff)
    response = client.post(reverse("cycles:rubric-import"), form(client, ROWS, authority))
    assert response.status_code == 400  # another authority is no choice of theirs
    assert not Rubric.objects.filter(code="jinzhong-db14t1464").exists()
    client.force_login(applicant)
    assert client.get(reverse("cycles:rubric-import")).status_code == 404
    assert client.get(reverse("cycles:rubric-template")).status_code == 404
    client.force_login(factories.make_supervisor(authority, username="sup"))
    assert client.get(reverse("cycles:rubric-import")).status_code == 404
