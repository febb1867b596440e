"""The register of each authority: its staff keep it (by hand or from a spreadsheet), its
supervisors read it and its history, and nobody else sees it."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from accounts.models import AuditEntry
from cycles.loader import load_schemes
from cycles.models import AwardScheme
from register.enums import AwardStatus
from register.errors import RegisterError
from register.keeping import award_record_add, earlier_cycle_add, register_import, register_template
from register.models import AwardRecord, EarlierCycle, SanctionRecord
from register.selectors import record_status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def jinzhong(db):
    load_schemes()
    return AwardScheme.objects.get(code="jinzhong")


@pytest.fixture
def jinzhong_staff(jinzhong):
    return factories.make_staff(jinzhong.authority, username="jinzhong-staff")


@pytest.fixture
def lanzhou_staff(jinzhong):
    return factories.make_staff(AwardScheme.objects.get(code="lanzhou").authority, username="lanzhou-staff")


def workbook(sheets: dict) -> io.BytesIO:
    """A filled copy of the template: ``{sheet index: [rows]}`` under the template's own headers."""
    template = load_workbook(io.BytesIO(register_template(AwardScheme.objects.get(code="jinzhong").authority)))
    book = Workbook()
    book.remove(book.active)
    for index, page in enumerate(template.worksheets):
        sheet = book.create_sheet(page.title)
        headers = [cell.value for cell in page[2]]
        sheet.append(headers)
        for row in sheets.get(index, []):
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "register.xlsx"
    return buffer


def test_register_page_staff_manage_their_own_and_supervisors_read(client, jinzhong, jinzhong_staff, lanzhou_staff):
    authority = jinzhong.authority
    supervisor = factories.make_supervisor(authority, username="jinzhong-supervisor")
    url = reverse("register:detail", args=[authority.pk])

    client.force_login(jinzhong_staff)
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("register:earlier-cycle-new", args=[authority.pk]),
        {"scheme": jinzhong.pk, "name": "第二届", "year": 2020},
    )
    assert response.status_code == 302
    earlier = EarlierCycle.objects.get()
    response = client.post(
        reverse("register:award-new", args=[authority.pk]),
        {
            "tier": jinzhong.tiers.get(code="award").pk,
            "earlier_cycle": earlier.pk,
            "holder_name": "晋中纺织机械有限公司",
            "credit_code": "91140700MA0000001X",
            "awarded_on": "2020-12-18",
        },
    )
    assert response.status_code == 302
    record = AwardRecord.objects.get()
    assert (record.scheme, record.tier.code, record.earlier_cycle, record.cycle, record.entered_by) == (
        jinzhong,
        "award",
        earlier,
        None,
        jinzhong_staff,
    )

    client.force_login(lanzhou_staff)
    assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("register:earlier-cycle-new", args=[authority.pk]),
            {"scheme": jinzhong.pk, "name": "第一届", "year": 2017},
        ).status_code
        == 404
    )
    assert client.get(reverse("register:template", args=[authority.pk])).status_code == 404

    client.force_login(supervisor)
    page = client.get(url)
    assert page.status_code == 200
    assert "晋中纺织机械有限公司" in page.content.decode()
    assert 'id="award-form"' not in page.content.decode()
    assert (
        client.post(
            reverse("register:earlier-cycle-new", args=[authority.pk]),
            {"scheme": jinzhong.pk, "name": "第一届", "year": 2017},
        ).status_code
        == 404
    )
    history = client.get(reverse("register:history", args=[authority.pk]))
    assert history.status_code == 200
    assert [(c.section, c.label, c.kind, c.who) for c in history.context["changes"]] == [
        ("获奖记录", "晋中纺织机械有限公司", "created", jinzhong_staff),
        ("平台之前的届次", "第二届 (2020)", "created", jinzhong_staff),
    ]
    assert EarlierCycle.objects.count() == 1


def test_register_refuses_another_authoritys_scheme(jinzhong, lanzhou_staff):
    with pytest.raises(RegisterError):
        earlier_cycle_add(by=lanzhou_staff, scheme=jinzhong, name="第一届", year=2017)
    assert not EarlierCycle.objects.exists()


def test_register_admin_staff_manage_their_authority_and_no_other(client, jinzhong, jinzhong_staff, lanzhou_staff):
    lanzhou = AwardScheme.objects.get(code="lanzhou")
    own = award_record_add(
        by=jinzhong_staff,
        scheme=jinzhong,
        tier="晋中市质量奖",
        holder_name="甲公司",
        credit_code="91140700MA0000001X",
        awarded_on=datetime.date(2020, 12, 18),
    )
    foreign = award_record_add(
        by=lanzhou_staff,
        scheme=lanzhou,
        tier="award",
        holder_name="乙公司",
        credit_code="91620100MA0000002X",
        awarded_on=datetime.date(2021, 12, 18),
    )
    client.force_login(jinzhong_staff)
    listing = client.get(reverse("admin:register_awardrecord_changelist"))
    assert listing.status_code == 200
    assert [r.pk for r in listing.context["cl"].result_list] == [own.pk]
    assert client.get(reverse("admin:register_awardrecord_change", args=[own.pk])).status_code == 200
    assert client.get(reverse("admin:register_awardrecord_change", args=[foreign.pk])).status_code == 302
    form = client.get(reverse("admin:register_awardrecord_add")).context["adminform"].form
    assert {t.scheme.code for t in form.fields["tier"].queryset} == {"jinzhong"}
    assert set(form.fields["scheme"].queryset.values_list("code", flat=True)) == {"jinzhong"}
    assert client.get(reverse("admin:register_earliercycle_add")).status_code == 200


def test_register_import_from_the_template_creates_cycles_awards_and_sanctions(jinzhong, jinzhong_staff):
    upload = workbook(
        {
            0: [["晋中市质量奖", "第一届", 2017], ["jinzhong", "第二届", 2020]],
            1: [
                ["晋中市质量奖", "第二届", "晋中市质量奖", "甲公司", "91140700MA0000001X", "", "2020-12-18", 50000],
                [
                    "晋中市质量奖",
                    "第一届",
                    "晋中市质量奖提名奖",
                    "李质量",
                    "",
                    "140702198001011234",
                    datetime.date(2017, 12, 1),
                    "",
                ],
            ],
            2: [
                [
                    "晋中市质量奖",
                    "第一届",
                    "fraud",
                    "丙公司",
                    "91140700MA0000003X",
                    "",
                    "2018-03-01",
                    "申报材料造假",
                    "",
                ]
            ],
        }
    )
    report = register_import(upload, by=jinzhong_staff, authority=jinzhong.authority)
    assert [c.name for c in report.earlier_cycles] == ["第一届", "第二届"]
    assert [(r.holder_name, r.tier.code, r.earlier_cycle.name, r.prize_amount) for r in report.awards] == [
        ("甲公司", "award", "第二届", 50000),
        ("李质量", "nomination", "第一届", None),
    ]
    sanction = SanctionRecord.objects.get()
    assert (sanction.cause, sanction.article, sanction.earlier_cycle.name) == ("fraud", "第二十五条", "第一届")
    assert AuditEntry.objects.filter(action="register.imported").count() == 1


def test_register_import_refuses_the_whole_file_when_a_row_is_wrong(jinzhong, jinzhong_staff):
    upload = workbook(
        {
            0: [["晋中市质量奖", "第二届", 2020]],
            1: [["晋中市质量奖", "第二届", "金奖", "甲公司", "91140700MA0000001X", "", "2020-12-18", ""]],
        }
    )
    with translation.override("en"), pytest.raises(RegisterError) as error:
        register_import(upload, by=jinzhong_staff, authority=jinzhong.authority)
    assert str(error.value) == (
        "Award records, row 2: 晋中市质量奖 has no tier “金奖”; its tiers are 晋中市质量奖, 晋中市质量奖提名奖."
    )
    assert (EarlierCycle.objects.count(), AwardRecord.objects.count()) == (0, 0)


def test_register_import_view_and_template_staff_only(client, jinzhong, jinzhong_staff, lanzhou_staff):
    authority = jinzhong.authority
    client.force_login(jinzhong_staff)
    template = client.get(reverse("register:template", args=[authority.pk]))
    assert template.status_code == 200
    assert load_workbook(io.BytesIO(template.content)).sheetnames == ["平台之前的届次", "获奖记录", "惩戒记录"]
    upload = workbook({0: [["晋中市质量奖", "第二届", 2020]]})
    response = client.post(reverse("register:import", args=[authority.pk]), {"file": upload})
    assert response.status_code == 302
    assert list(EarlierCycle.objects.values_list("name", "year")) == [("第二届", 2020)]
    client.force_login(lanzhou_staff)
    upload = workbook({0: [["晋中市质量奖", "第三届", 2023]]})
    assert client.post(reverse("register:import", args=[authority.pk]), {"file": upload}).status_code == 404
    assert EarlierCycle.objects.count() == 1


def test_register_home_lists_the_readers_authorities_and_is_denied_to_others(client, jinzhong, jinzhong_staff):
    client.force_login(jinzhong_staff)
    page = client.get(reverse("register:home"))
    assert [a.name for a in page.context["authorities"]] == ["晋中市人民政府"]
    client.force_login(factories.UserFactory(username="an-applicant"))
    assert client.get(reverse("register:home")).status_code == 404


def test_sanction_entered_by_staff_and_refused_to_supervisors(client, jinzhong, jinzhong_staff):
    authority = jinzhong.authority
    url = reverse("register:sanction-new", args=[authority.pk])
    data = {
        "scheme": jinzhong.pk,
        "cause": "fraud",
        "holder_name": "丙公司",
        "credit_code": "91140700MA0000003X",
        "decided_on": "2019-05-01",
        "reason": "申报材料造假",
    }
    client.force_login(factories.make_supervisor(authority, username="sup"))
    assert client.post(url, data).status_code == 404
    client.force_login(jinzhong_staff)
    assert client.post(url, {**data, "credit_code": "", "person_id_number": ""}).status_code == 400
    assert client.post(url, data).status_code == 302
    record = SanctionRecord.objects.get()
    assert (record.cause, record.article, record.entered_by, record.earlier_cycle) == (
        "fraud",
        "第二十五条",
        jinzhong_staff,
        None,
    )


def test_register_history_denied_outside_the_authority(client, jinzhong, lanzhou_staff):
    client.force_login(lanzhou_staff)
    assert client.get(reverse("register:history", args=[jinzhong.authority.pk])).status_code == 404


def test_register_export_lists_each_holder_with_its_status(client, jinzhong, jinzhong_staff):
    """The public spreadsheet of the register; a record's status is written as its label (it once
    failed on every record: the label is a lazy translation, which openpyxl cannot write)."""
    record = award_record_add(
        by=jinzhong_staff,
        scheme=jinzhong,
        tier="晋中市质量奖",
        holder_name="甲公司",
        credit_code="91140700MA0000001X",
        awarded_on=datetime.date(2020, 12, 18),
    )

    response = client.get(reverse("register:export"))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    status = str(AwardStatus(record_status(record, timezone.localdate())).label)
    assert [row[:2] + row[5:6] for row in rows] == [["甲公司", jinzhong.name, status]]
