import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.eligibility.exports import accepted_list_xlsx
from applications.enums import ApplicationStatus
from applications.models import EligibilityReview, Recommendation, ReportSection
from applications.models.eligibility import EligibilityDecision
from cycles.enums import StageKind
from tests.applications import eligibility_support as support

S = ApplicationStatus


@pytest.fixture
def cycle(scheme):
    support.make_pipeline(scheme, support.PLAIN_STAGES)
    return support.open_cycle(scheme, at=StageKind.ELIGIBILITY, name="第五届")


def decided(cycle, district, department, owner, title, status, *, on):
    organisation = support.make_organisation(district, registered_on=datetime.date(2010, 1, 1), name=title)
    application = support.make_application(
        cycle, owner=owner, district=district, organisation=organisation, status=status
    )
    Recommendation.objects.create(
        application=application,
        department=department,
        opinion="同意推荐",
        signer_name="王主任",
        signed_on=datetime.date(2026, 5, 1),
        recorded_by=owner,
    )
    decision = EligibilityDecision.ACCEPTED if status != S.REFUSED else EligibilityDecision.REFUSED
    EligibilityReview.objects.create(
        application=application,
        decision=decision,
        decided_at=timezone.make_aware(datetime.datetime(*on, 10, 0)),
    )
    return application


@pytest.fixture
def listed(cycle, district, department, applicant):
    accepted = decided(cycle, district, department, applicant, "随州编钟制造有限公司", S.ACCEPTED, on=(2026, 7, 6))
    decided(cycle, district, department, applicant, "随州不予受理公司", S.REFUSED, on=(2026, 7, 7))
    section_item = cycle.scheme.categories.first().rubric.sections.first().items.first()
    ReportSection.objects.create(
        application=accepted, item=section_item, text="核心配方：商业秘密内容", is_trade_secret=True
    )
    return accepted


def rows(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_accepted_list_holds_the_accepted_only_without_secrets(cycle, listed):
    table = rows(accepted_list_xlsx(cycle))
    assert table[1] == ["序号", "申报单位", "申报类别", "所属县（区）", "推荐单位", "审核日期"]
    assert table[2:] == [[1, "随州编钟制造有限公司", "组织", "曾都区", "曾都区人民政府", "2026-07-06"]]
    assert "商业秘密内容" not in str(table)


def test_export_view_for_staff(client, cycle, listed, staff):
    client.force_login(staff)
    response = client.get(reverse("applications:accepted-export", args=[cycle.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert rows(response.content)[2][1] == "随州编钟制造有限公司"


@pytest.mark.parametrize("persona", ["other_staff", "department_user", "applicant", "reviewer"])
def test_export_view_denied(client, cycle, listed, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("applications:accepted-export", args=[cycle.pk])).status_code == 404


def test_export_view_anonymous_redirects_to_login(client, cycle):
    response = client.get(reverse("applications:accepted-export", args=[cycle.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
