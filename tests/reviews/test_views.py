import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from applications.enums import ApplicationStatus
from applications.models import ReportSection
from cycles.enums import StageKind
from reviews import exports
from reviews.enums import EntryDecision, MemberStatus, SheetStatus
from reviews.models import Declaration, GroupMember, ReviewerProfile, ReviewerRelation, ReviewGroup, ScoreSheet
from reviews.services import consensus, declarations, groups, rounds, sheets
from tests import factories

from .conftest import drawn, full_scores, items_of, make_cycle, make_pool, scored_entry

PASSWORD = factories.PASSWORD


def login(client, user):
    client.force_login(user)
    return client


def _consented(world, staff):
    entry, group, members = scored_entry(world, staff)
    consensus.consensus_record(entry, by=members[0].reviewer, percents={i.pk: 80 for i in items_of(entry.application)})
    consensus.report_write(entry, by=members[0].reviewer, text="材料评审报告正文")
    return entry, group, members


# The pool ----------------------------------------------------------------------------------


def test_pool_staff_sees_and_syncs(client, world, staff, authority):
    login(client, staff)
    factories.make_reviewer(authority, username="newcomer")
    response = client.post(reverse("reviews:pool", args=[authority.pk]))
    assert response.status_code == 302
    assert ReviewerProfile.objects.filter(user__username="newcomer").count() == 1
    response = client.get(reverse("reviews:pool", args=[authority.pk]))
    assert response.status_code == 200
    assert len(response.context["profiles"]) == 7


@pytest.mark.parametrize("persona", ["other_staff", "reviewer"])
def test_pool_denied(client, world, authority, persona, request):
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("reviews:pool", args=[authority.pk])).status_code == 404


def test_supervisor_reads_the_pool_but_cannot_change_it(client, world, authority, supervisor):
    login(client, supervisor)
    response = client.get(reverse("reviews:pool", args=[authority.pk]))
    assert response.status_code == 200
    assert '<form method="post" class="mb-3">' not in response.content.decode()
    assert client.post(reverse("reviews:pool", args=[authority.pk])).status_code == 404


def test_pool_query_count_constant(client, world, staff, authority, django_assert_max_num_queries):
    login(client, staff)
    client.get(reverse("reviews:pool", args=[authority.pk]))
    make_pool(authority, 8, prefix="more")
    with django_assert_max_num_queries(12):
        client.get(reverse("reviews:pool", args=[authority.pk]))


def test_profile_reviewer_edits_own_and_declares_relation(client, world):
    profile = world.profiles[0]
    login(client, profile.user)
    url = reverse("reviews:profile", args=[profile.pk])
    response = client.post(
        url,
        {
            "field": "卓越绩效",
            "industries": "装备制造",
            "employer_name": "某大学",
            "employer_credit_code": "",
            "title": "教授",
            "qualifications": "国家级评审员",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.field, profile.title) == ("卓越绩效", "教授")
    client.post(
        reverse("reviews:relation-add", args=[profile.pk]), {"kind": "former_employer", "organisation_name": "甲公司"}
    )
    relation = ReviewerRelation.objects.get(profile=profile)
    assert relation.organisation_name == "甲公司"
    client.post(reverse("reviews:relation-remove", args=[relation.pk]))
    assert not ReviewerRelation.objects.filter(profile=profile).exists()


def test_profile_bad_credit_code_refused(client, world):
    profile = world.profiles[0]
    login(client, profile.user)
    response = client.post(reverse("reviews:profile", args=[profile.pk]), {"employer_credit_code": "123"})
    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.employer_credit_code == ""


def test_profile_denied_to_other_reviewer_and_other_staff(client, world, other_staff):
    profile = world.profiles[0]
    relation = ReviewerRelation.objects.create(profile=profile, kind="family", organisation_name="乙公司")
    for intruder in (world.profiles[1].user, other_staff):
        login(client, intruder)
        assert client.get(reverse("reviews:profile", args=[profile.pk])).status_code == 404
        assert (
            client.post(
                reverse("reviews:relation-add", args=[profile.pk]), {"kind": "family", "organisation_name": "x"}
            ).status_code
            == 404
        )
        assert client.post(reverse("reviews:relation-remove", args=[relation.pk])).status_code == 404
    assert ReviewerRelation.objects.filter(profile=profile).count() == 1


def test_profile_active_toggle_staff_only(client, world, staff):
    profile = world.profiles[0]
    login(client, profile.user)
    assert client.post(reverse("reviews:profile-active", args=[profile.pk]), {"active": "0"}).status_code == 404
    login(client, staff)
    client.post(reverse("reviews:profile-active", args=[profile.pk]), {"active": "0"})
    profile.refresh_from_db()
    assert profile.is_active is False


def test_my_profile_redirects_reviewer_and_denies_others(client, world, authority, staff):
    login(client, world.profiles[0].user)
    response = client.get(reverse("reviews:my-profile", args=[authority.pk]))
    assert response.url == reverse("reviews:profile", args=[world.profiles[0].pk])
    login(client, staff)
    assert client.get(reverse("reviews:my-profile", args=[authority.pk])).status_code == 404


# Rounds ------------------------------------------------------------------------------------


def test_cycle_rounds_staff_and_denied(client, world, staff, other_staff, supervisor):
    login(client, staff)
    response = client.get(reverse("reviews:cycle", args=[world.cycle.pk]))
    assert response.status_code == 200
    assert [s.kind for s in response.context["stages"]] == ["material_review", "defence", "onsite_review"]
    for intruder in (other_staff, world.profiles[0].user):
        login(client, intruder)
        assert client.get(reverse("reviews:cycle", args=[world.cycle.pk])).status_code == 404
    login(client, supervisor)
    response = client.get(reverse("reviews:cycle", args=[world.cycle.pk]))
    assert response.status_code == 200
    assert reverse("reviews:round", args=[world.round.pk]) in response.content.decode()


def test_round_draw_through_the_page(client, world, staff):
    login(client, staff)
    entries = list(world.round.entries.order_by("pk"))
    url = reverse("reviews:round", args=[world.round.pk])
    response = client.post(url, {"entries": [entries[0].pk], "size": 3})
    group = ReviewGroup.objects.get()
    assert response.url == reverse("reviews:group", args=[group.pk])
    assert group.members.count() == 3
    response = client.post(url, {"entries": [entries[1].pk], "size": 7})
    assert response.status_code == 200
    assert ReviewGroup.objects.count() == 1


def test_round_denied(client, world, other_staff, supervisor):
    for intruder in (other_staff, world.profiles[0].user):
        login(client, intruder)
        assert client.get(reverse("reviews:round", args=[world.round.pk])).status_code == 404
        assert client.post(reverse("reviews:round-margin", args=[world.round.pk]), {"margin": 5}).status_code == 404
    login(client, supervisor)
    response = client.get(reverse("reviews:round", args=[world.round.pk]))
    assert response.status_code == 200
    assert reverse("reviews:round-margin", args=[world.round.pk]) not in response.content.decode()
    assert client.post(reverse("reviews:round-margin", args=[world.round.pk]), {"margin": 5}).status_code == 404
    assert client.post(reverse("reviews:round", args=[world.round.pk]), {"size": 3}).status_code == 404
    world.round.refresh_from_db()
    assert world.round.consensus_margin == 20


def test_round_margin_set(client, world, staff):
    login(client, staff)
    client.post(reverse("reviews:round-margin", args=[world.round.pk]), {"margin": 15})
    world.round.refresh_from_db()
    assert world.round.consensus_margin == 15


def _ranking_world(authority, district, staff, applicant, count):
    scheme = factories.make_scheme(authority, code=f"rank{count}")
    profiles = make_pool(authority, 3, prefix=f"r{count}-")
    cycle, apps = make_cycle(scheme, district, applicant, count=count)
    round_ = rounds.round_open(cycle.stages.get(kind=StageKind.MATERIAL_REVIEW), by=staff)
    entries = list(round_.entries.order_by("pk"))
    group = groups.group_draw(round_, by=staff, entries=entries, size=3, seed="x")
    leader = group.members.get(is_leader=True).reviewer
    for index, entry in enumerate(entries):
        for member in group.members.all():
            declarations.declaration_make(entry, by=member.reviewer, has_conflict=False)
            sheets.sheet_save(entry, by=member.reviewer, scores=full_scores(entry.application, 50), submit=True)
        consensus.consensus_record(
            entry, by=leader, percents={i.pk: (index * 5) % 100 for i in items_of(entry.application)}
        )
    return round_, profiles


@pytest.mark.parametrize("count", [2, 10])
def test_round_ranking_by_database_constant_queries(
    client, authority, district, staff, applicant, count, django_assert_num_queries
):
    round_, _profiles = _ranking_world(authority, district, staff, applicant, count)
    login(client, staff)
    client.get(reverse("reviews:round", args=[round_.pk]))  # warm caches (content types, permissions)
    with django_assert_num_queries(9):  # the ranking's page and its count
        response = client.get(reverse("reviews:round", args=[round_.pk]))
    totals = [entry.total for entry in response.context["ranking"]]
    assert totals == sorted(totals, reverse=True)
    assert totals[0] == Decimal(((count - 1) * 5 % 100) * 2)


def test_decide_through_the_page(client, world, staff, other_staff):
    entry, _group, _members = _consented(world, staff)
    login(client, other_staff)
    assert (
        client.post(reverse("reviews:decide", args=[entry.pk]), {"advance": "no", "feedback": "x"}).status_code == 404
    )
    login(client, staff)
    client.post(reverse("reviews:decide", args=[entry.pk]), {"advance": "no", "feedback": ""})
    entry.refresh_from_db()
    assert entry.decision == EntryDecision.PENDING
    client.post(reverse("reviews:decide", args=[entry.pk]), {"advance": "no", "feedback": "差距较大"})
    entry.refresh_from_db()
    entry.application.refresh_from_db()
    assert (entry.decision, entry.application.status) == (EntryDecision.ELIMINATED, ApplicationStatus.ELIMINATED)


def test_group_page_shows_record_and_verifies(client, world, staff, other_staff):
    group = drawn(world, staff)
    login(client, staff)
    response = client.get(reverse("reviews:group", args=[group.pk]) + "?verify=1")
    assert response.status_code == 200
    record = group.draws.get()
    assert response.context["verified"] == {record.pk: True}
    assert "fixed-seed" in response.content.decode()
    member = group.members.first().reviewer
    login(client, member)
    assert client.get(reverse("reviews:group", args=[group.pk])).status_code == 200
    outsider = next(p.user for p in world.profiles if not group.members.filter(reviewer=p.user).exists())
    for intruder in (outsider, other_staff):
        login(client, intruder)
        assert client.get(reverse("reviews:group", args=[group.pk])).status_code == 404


# Reviewers ---------------------------------------------------------------------------------


def test_mine_lists_own_entries_constant_queries(client, world, staff, django_assert_num_queries):
    group = drawn(world, staff)
    member = group.members.first().reviewer
    login(client, member)
    client.get(reverse("reviews:mine"))
    with django_assert_num_queries(6):  # the page and its count
        response = client.get(reverse("reviews:mine"))
    assert [e.pk for e in response.context["entries"]] == list(
        world.round.entries.order_by("application__title").values_list("pk", flat=True)
    )


def test_declare_then_dossier_and_score(client, world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.first().reviewer
    login(client, member)
    assert client.get(reverse("reviews:dossier", args=[entry.pk])).status_code == 404
    assert client.get(reverse("reviews:score", args=[entry.pk])).status_code == 404
    assert client.get(reverse("reviews:declare", args=[entry.pk])).status_code == 200
    response = client.post(reverse("reviews:declare", args=[entry.pk]), {"has_conflict": "no"})
    assert response.url == reverse("reviews:score", args=[entry.pk])
    assert Declaration.objects.get(entry=entry, reviewer=member).has_conflict is False
    response = client.get(reverse("reviews:dossier", args=[entry.pk]))
    assert response.status_code == 200
    assert entry.application.title in response.content.decode()


def test_reviewer_cannot_open_other_groups_dossier_by_changing_id(client, world, staff):
    first, second = list(world.round.entries.order_by("pk"))
    group = drawn(world, staff, entries=[first])
    member = group.members.first().reviewer
    declarations.declaration_make(first, by=member, has_conflict=False)
    login(client, member)
    for name in ("declare", "dossier", "score", "consensus", "export-xlsx", "export-pdf"):
        assert client.get(reverse(f"reviews:{name}", args=[second.pk])).status_code == 404, name


def test_withdrawn_reviewer_loses_access(client, world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.order_by("pk").last().reviewer
    login(client, member)
    response = client.post(
        reverse("reviews:declare", args=[entry.pk]), {"has_conflict": "yes", "statement": "亲属在该企业任职"}
    )
    assert response.url == reverse("reviews:mine")
    assert GroupMember.objects.get(group=group, reviewer=member).status == MemberStatus.WITHDRAWN
    assert client.get(reverse("reviews:declare", args=[entry.pk])).status_code == 404
    assert client.get(reverse("reviews:dossier", args=[entry.pk])).status_code == 404


def test_declare_conflict_without_statement_refused(client, world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.first().reviewer
    login(client, member)
    response = client.post(reverse("reviews:declare", args=[entry.pk]), {"has_conflict": "yes", "statement": ""})
    assert response.status_code == 200
    assert not Declaration.objects.exists()


def test_score_page_saves_draft_and_refuses_bad_step(client, world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.first().reviewer
    declarations.declaration_make(entry, by=member, has_conflict=False)
    item = items_of(entry.application)[0]
    login(client, member)
    url = reverse("reviews:score", args=[entry.pk])
    response = client.post(url, {f"percent_{item.pk}": "33", "save": "1"})
    assert response.status_code == 200
    assert not ScoreSheet.objects.exists()
    client.post(url, {f"percent_{item.pk}": "35", f"strengths_{item.pk}": "体系完整", "save": "1"})
    sheet = ScoreSheet.objects.get()
    assert (sheet.status, sheet.scores.get(item=item).percent) == (SheetStatus.DRAFT, 35)
    data = {f"percent_{i.pk}": "60" for i in items_of(entry.application)}
    client.post(url, {**data, "submit": "1"})  # not confirmed in the page: kept as a draft
    sheet.refresh_from_db()
    assert (sheet.status, sheet.scores.get(item=item).percent) == (SheetStatus.DRAFT, 60)
    client.post(url, {**data, "submit": "1", "confirm_final": "1"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    client.post(url, {f"percent_{item.pk}": "5", "save": "1"})
    assert sheet.scores.get(item=item).percent == 60


def test_score_page_shows_the_applicants_text_beside_the_score_and_the_points_so_far(
    client, world, staff, django_assert_num_queries
):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.first().reviewer
    declarations.declaration_make(entry, by=member, has_conflict=False)
    first, second = items_of(entry.application)
    ReportSection.objects.create(application=entry.application, item=first, text="质量委员会每季度开会")
    sheets.sheet_save(entry, by=member, scores={first.pk: {"percent": 85, "strengths": "", "improvements": ""}})
    login(client, member)
    url = reverse("reviews:score", args=[entry.pk])
    client.get(url)
    with django_assert_num_queries(10):
        response = client.get(url)
    html = response.content.decode()
    assert f'<div class="applicant-text border rounded p-2" id="applicant-text-{first.pk}"' in html
    assert "质量委员会每季度开会" in html
    assert response.context["sheet_points"] == Decimal("85")
    assert '<output id="sheet-total" aria-live="polite">85</output> / 200' in html
    assert f'<output id="item-points-{first.pk}" for="id_percent_{first.pk}">85</output>' in html
    assert f'<output id="item-points-{second.pk}" for="id_percent_{second.pk}">—</output>' in html

    # the other item written, and secret: the same queries, the text shown to the reviewer with its mark
    ReportSection.objects.create(application=entry.application, item=second, text="营业收入增长", is_trade_secret=True)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert "营业收入增长" in response.content.decode()
    assert response.content.decode().count("trade-secret") == 1


def test_score_page_total_counts_what_the_reviewer_sent_when_the_form_is_refused(client, world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.first().reviewer
    declarations.declaration_make(entry, by=member, has_conflict=False)
    first, second = items_of(entry.application)
    login(client, member)
    response = client.post(
        reverse("reviews:score", args=[entry.pk]),
        {f"percent_{first.pk}": "33", f"percent_{second.pk}": "45", "save": "1"},
    )
    assert response.status_code == 200  # 33 is not a step of 5: refused, and counted as shown
    assert response.context["sheet_points"] == Decimal("78")


def test_consensus_page_leader_records_and_reopens(client, world, staff):
    entry, group, members = scored_entry(world, staff, percents=(50, 80, 80))
    leader, other = members[0].reviewer, members[1].reviewer
    login(client, other)
    assert client.get(reverse("reviews:consensus", args=[entry.pk])).status_code == 404
    login(client, leader)
    response = client.get(reverse("reviews:consensus", args=[entry.pk]))
    assert [row["flagged"] for row in response.context["rows"]] == [True, True]
    items = items_of(entry.application)
    client.post(reverse("reviews:consensus", args=[entry.pk]), {f"percent_{i.pk}": "70" for i in items})
    assert sorted(entry.consensus.values_list("percent", flat=True)) == [70, 70]
    client.post(reverse("reviews:report", args=[entry.pk]), {"text": "报告正文"})
    assert entry.report.text == "报告正文"
    sheet = ScoreSheet.objects.get(entry=entry, reviewer=other)
    login(client, other)
    assert client.post(reverse("reviews:sheet-reopen", args=[sheet.pk]), {"reason": "x"}).status_code == 404
    assert client.post(reverse("reviews:report", args=[entry.pk]), {"text": "篡改"}).status_code == 404
    login(client, leader)
    client.post(reverse("reviews:sheet-reopen", args=[sheet.pk]), {"reason": "请复核"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT


def test_consensus_page_staff_reads(client, world, staff, other_staff):
    entry, _group, _members = _consented(world, staff)
    login(client, staff)
    response = client.get(reverse("reviews:consensus", args=[entry.pk]))
    assert response.status_code == 200 and response.context["leads"] is False
    login(client, other_staff)
    assert client.get(reverse("reviews:consensus", args=[entry.pk])).status_code == 404


def test_report_confirm_page_qingyuan(client, authority, district, staff, applicant):
    scheme = factories.make_scheme(authority, code="qingyuan", onsite_report_confirmation_article="四(三)")
    make_pool(authority, 3)
    cycle, _apps = make_cycle(scheme, district, applicant, count=1, at=StageKind.ONSITE_REVIEW)
    round_ = rounds.round_open(cycle.stages.get(kind=StageKind.ONSITE_REVIEW), by=staff)
    entry = round_.entries.get()
    group = groups.group_draw(round_, by=staff, entries=[entry], size=3, seed="q")
    members = list(group.members.order_by("pk"))
    for member in members:
        declarations.declaration_make(entry, by=member.reviewer, has_conflict=False)
        sheets.sheet_save(entry, by=member.reviewer, scores=full_scores(entry.application), submit=True)
    consensus.consensus_record(entry, by=members[0].reviewer, percents={i.pk: 80 for i in items_of(entry.application)})
    consensus.report_write(entry, by=members[0].reviewer, text="现场评审报告")
    url = reverse("reviews:report-confirm", args=[entry.pk])
    login(client, staff)
    assert client.get(url).status_code == 404
    login(client, applicant)
    assert "现场评审报告" in client.get(url).content.decode()
    client.post(url, {"comment": "确认"})
    entry.report.refresh_from_db()
    assert entry.report.applicant_comment == "确认" and entry.report.confirmed_at is not None


def test_report_confirm_absent_for_other_schemes(client, world, staff, applicant):
    entry, _group, _members = _consented(world, staff)
    login(client, applicant)
    assert client.get(reverse("reviews:report-confirm", args=[entry.pk])).status_code == 404


# Exports -----------------------------------------------------------------------------------


def test_export_xlsx_content(client, world, staff):
    entry, group, members = _consented(world, staff)
    login(client, staff)
    response = client.get(reverse("reviews:export-xlsx", args=[entry.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    scores = workbook.worksheets[0]
    rows = list(scores.iter_rows(values_only=True))
    items = items_of(entry.application)
    assert rows[2] == (f"{items[0].number} {items[0].title}", 100, 80, 80, 80, 80, 80.0)
    assert rows[-1][-1] == 160.0
    report = workbook.worksheets[2]
    assert report["A2"].value == "材料评审报告正文"


def test_export_pdf_content(client, world, staff):
    entry, group, members = _consented(world, staff)
    login(client, members[0].reviewer)  # the leader, who declared no conflict
    response = client.get(reverse("reviews:export-pdf", args=[entry.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    # The PDF is rendered from this HTML; its text is checked there (no PDF text extractor is installed).
    html = render_to_string(
        "reviews/entry_pdf.html", {**exports.entry_export_data(entry), "font_family": settings.PDF_FONT_FAMILY}
    )
    assert 'lang="zh-CN"' in html and settings.PDF_FONT_FAMILY in html
    assert "材料评审报告正文" in html and "<th>160</th>" in html and "160.00" not in html and "优势" in html


def test_exports_denied(client, world, staff, other_staff, supervisor, applicant):
    entry, group, members = _consented(world, staff)
    outsider = next(p.user for p in world.profiles if not group.members.filter(reviewer=p.user).exists())
    for intruder in (other_staff, supervisor, applicant, outsider):
        login(client, intruder)
        assert client.get(reverse("reviews:export-xlsx", args=[entry.pk])).status_code == 404
        assert client.get(reverse("reviews:export-pdf", args=[entry.pk])).status_code == 404


def test_anonymous_redirected_to_login(client, world):
    response = client.get(reverse("reviews:mine"))
    assert response.status_code == 302 and "login" in response.url
