from decimal import Decimal

import pytest
from django.utils import translation

from accounts.models import AuditEntry, Notification
from applications.enums import ApplicationStatus
from applications.permissions import Access
from applications.services.holds import application_hold, application_release
from cycles.enums import StageKind, StageStatus
from pipeline.access import dossier_access
from reviews.drawing import draw
from reviews.enums import EntryDecision, MemberStatus, RelationKind, SheetStatus
from reviews.errors import ReviewError
from reviews.models import ConsensusScore, Declaration, GroupMember, ReviewGroup, Round
from reviews.selectors import consensus_totals, score_matrix
from reviews.services import consensus, declarations, groups, pool, rounds, sheets, shortlist
from tests import factories

from .conftest import drawn, full_scores, items_of, make_cycle, make_pool, scored_entry


def test_draw_same_seed_and_pool_same_result():
    assert draw("abc", [5, 1, 9, 3, 7], 3) == draw("abc", [9, 7, 5, 3, 1], 3)
    assert draw("abc", [1, 3, 5, 7, 9], 3) == __import__("random").Random("abc").sample([1, 3, 5, 7, 9], 3)


def test_group_draw_records_seed_pool_result_and_recomputes(world, staff):
    group = drawn(world, staff)
    record = group.draws.get()
    assert record.seed == "fixed-seed"
    assert record.pool == sorted(p.pk for p in world.profiles)
    assert record.result == draw("fixed-seed", record.pool, 3)
    assert groups.draw_verify(record) is True
    members = list(group.members.order_by("pk"))
    assert [m.profile_id for m in members] == record.result
    assert [m.is_leader for m in members] == [True, False, False]
    assert set(world.round.entries.values_list("group_id", flat=True)) == {group.pk}
    entry = AuditEntry.objects.get(action="reviews.group_drawn")
    assert entry.data["seed"] == "fixed-seed" and entry.data["result"] == record.result
    assert entry.article == "第十九条"


def test_group_draw_generates_a_seed_when_none_given(world, staff):
    group = groups.group_draw(world.round, by=staff, entries=list(world.round.entries.all()), size=3)
    record = group.draws.get()
    assert len(record.seed) == 32
    assert groups.draw_verify(record) is True


def test_group_draw_excludes_known_conflicts(world, staff):
    application = world.applications[0]
    employee, related, family = world.profiles[0], world.profiles[1], world.profiles[2]
    employee.employer_credit_code = application.organisation.credit_code
    employee.save()
    pool.relation_add(related, by=related.user, kind=RelationKind.CONSULTING, organisation_name=application.title)
    pool.relation_add(
        family, by=family.user, kind=RelationKind.FAMILY, credit_code=world.applications[1].organisation.credit_code
    )
    for seed in ("s1", "s2", "s3", "s4", "s5"):
        world.round.entries.update(group=None)
        group = drawn(world, staff, seed=seed)
        drawn_ids = set(group.members.values_list("profile_id", flat=True))
        assert drawn_ids == {p.pk for p in world.profiles[3:]}
        record = group.draws.get()
        assert record.pool == [p.pk for p in world.profiles[3:]]
        assert {e["profile"] for e in record.exclusions} == {employee.pk, related.pk, family.pk}


def test_group_draw_refuses_when_pool_too_small(world, staff):
    for profile in world.profiles[:4]:
        pool.profile_set_active(profile, by=staff, active=False)
    with pytest.raises(ReviewError, match="2"):
        drawn(world, staff)
    assert ReviewGroup.objects.count() == 0


def test_group_draw_size_from_scheme(world, staff):
    entries = list(world.round.entries.all())
    for size in (2, 4):
        with pytest.raises(ReviewError):
            groups.group_draw(world.round, by=staff, entries=entries, size=size)
    assert ReviewGroup.objects.count() == 0


def test_group_draw_qinzhou_three_to_five(authority, district, staff, applicant):
    scheme = factories.make_scheme(authority, code="qinzhou", review_group_min=3, review_group_max=5)
    make_pool(authority, 6)
    cycle, _apps = make_cycle(scheme, district, applicant, count=3)
    round_ = rounds.round_open(cycle.stages.get(kind=StageKind.MATERIAL_REVIEW), by=staff)
    entries = list(round_.entries.order_by("pk"))
    assert groups.group_size_bounds(scheme) == (3, 5)
    with pytest.raises(ReviewError):
        groups.group_draw(round_, by=staff, entries=entries[:1], size=6)
    with pytest.raises(ReviewError):
        groups.group_draw(round_, by=staff, entries=entries[:1], size=2)
    assert groups.group_draw(round_, by=staff, entries=entries[:1], size=5).members.count() == 5
    assert groups.group_draw(round_, by=staff, entries=entries[1:2], size=3).members.count() == 3


def test_group_draw_refused_for_other_staff_and_closed_round(world, staff, other_staff):
    with pytest.raises(ReviewError):
        drawn(world, other_staff)
    world.round.stage.status = StageStatus.DONE
    world.round.stage.save()
    with pytest.raises(ReviewError):
        drawn(world, staff)


def test_group_draw_refuses_entries_already_grouped(world, staff):
    drawn(world, staff)
    with pytest.raises(ReviewError):
        drawn(world, staff, seed="other")


def test_declaration_conflict_withdraws_and_redraws(world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    leader = group.members.get(is_leader=True)
    declarations.declaration_make(entry, by=leader.reviewer, has_conflict=True, statement="曾任该企业顾问")
    leader.refresh_from_db()
    assert leader.status == MemberStatus.WITHDRAWN and leader.is_leader is False
    active = list(group.members.filter(status=MemberStatus.ACTIVE).order_by("pk"))
    assert len(active) == 3
    assert sum(m.is_leader for m in active) == 1
    replacement = group.draws.get(kind="replacement")
    first = group.draws.get(kind="group")
    assert replacement.size == 1
    assert not set(replacement.pool) & set(first.result)
    assert replacement.result == draw(replacement.seed, replacement.pool, 1)
    assert active[-1].profile_id == replacement.result[0]
    actions = list(AuditEntry.objects.filter(action__startswith="reviews.").values_list("action", flat=True))
    for action in ("reviews.declared_conflict", "reviews.member_withdrawn", "reviews.replacement_drawn"):
        assert action in actions
    assert AuditEntry.objects.get(action="reviews.declared_conflict").article == "第二十三条"


def test_declaration_no_conflict_grants_full_access_only_then(world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.first().reviewer
    assert dossier_access(member, entry.application) == Access.NONE
    declarations.declaration_make(entry, by=member, has_conflict=False)
    assert dossier_access(member, entry.application) == Access.FULL
    assert dossier_access(member, world.applications[1]) == Access.NONE
    world.round.stage.status = StageStatus.DONE
    world.round.stage.save()
    assert dossier_access(member, entry.application) == Access.NONE


def test_declaration_refused_twice_and_for_non_members(world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.first().reviewer
    declarations.declaration_make(entry, by=member, has_conflict=False)
    with pytest.raises(ReviewError):
        declarations.declaration_make(entry, by=member, has_conflict=False)
    outsider = next(p.user for p in world.profiles if not group.members.filter(reviewer=p.user).exists())
    with pytest.raises(ReviewError):
        declarations.declaration_make(entry, by=outsider, has_conflict=False)
    with pytest.raises(ReviewError):
        declarations.declaration_make(entry, by=group.members.last().reviewer, has_conflict=True, statement="")
    assert Declaration.objects.count() == 1


def test_sheet_requires_declaration_and_steps_of_five(world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.first().reviewer
    item = items_of(entry.application)[0]
    with pytest.raises(ReviewError):
        sheets.sheet_save(entry, by=member, scores={item.pk: {"percent": 50}})
    declarations.declaration_make(entry, by=member, has_conflict=False)
    for bad in (33, 105, -5):
        with pytest.raises(ReviewError):
            sheets.sheet_save(entry, by=member, scores={item.pk: {"percent": bad}})
    sheet = sheets.sheet_save(entry, by=member, scores={item.pk: {"percent": 55, "strengths": "好"}})
    assert sheet.status == SheetStatus.DRAFT
    assert sheet.scores.get().percent == 55


def test_sheet_submit_final_until_leader_reopens(world, staff):
    entry, group, members = scored_entry(world, staff)
    reviewer = members[1].reviewer
    sheet = reviewer.score_sheets.get(entry=entry)
    assert sheet.status == SheetStatus.SUBMITTED
    with pytest.raises(ReviewError):
        sheets.sheet_save(entry, by=reviewer, scores=full_scores(entry.application, 50))
    with pytest.raises(ReviewError):
        sheets.sheet_reopen(sheet, by=reviewer, reason="改")
    sheets.sheet_reopen(sheet, by=members[0].reviewer, reason="第二项需复核")
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    sheets.sheet_save(entry, by=reviewer, scores=full_scores(entry.application, 50), submit=True)
    assert set(sheet.scores.values_list("percent", flat=True)) == {50}
    assert Notification.objects.filter(recipient=reviewer, body="第二项需复核").count() == 1


def test_sheet_submit_refused_when_incomplete(world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.first().reviewer
    declarations.declaration_make(entry, by=member, has_conflict=False)
    item = items_of(entry.application)[0]
    with pytest.raises(ReviewError):
        sheets.sheet_save(entry, by=member, scores={item.pk: {"percent": 50}}, submit=True)
    assert not member.score_sheets.filter(entry=entry).exists()  # refused: nothing saved


def test_score_matrix_flags_spread_over_margin(world, staff):
    entry, group, members = scored_entry(world, staff, percents=(50, 75, 70))
    items = items_of(entry.application)
    _members, rows = score_matrix(entry, items, 20)
    assert [(row["spread"], row["flagged"]) for row in rows] == [(25, True), (25, True)]
    _members, rows = score_matrix(entry, items, 25)
    assert [row["flagged"] for row in rows] == [False, False]


def test_consensus_and_report_by_leader_only(world, staff):
    entry, group, members = scored_entry(world, staff)
    items = items_of(entry.application)
    with pytest.raises(ReviewError):
        consensus.consensus_record(entry, by=members[1].reviewer, percents={i.pk: 80 for i in items})
    with pytest.raises(ReviewError):
        consensus.report_write(entry, by=members[0].reviewer, text="报告")
    with pytest.raises(ReviewError):
        consensus.consensus_record(entry, by=members[0].reviewer, percents={items[0].pk: 80})
    consensus.consensus_record(entry, by=members[0].reviewer, percents={items[0].pk: 80, items[1].pk: 65})
    assert sorted(ConsensusScore.objects.values_list("points", flat=True)) == [Decimal("65.00"), Decimal("80.00")]
    report = consensus.report_write(entry, by=members[0].reviewer, text="材料评审报告正文")
    assert report.text == "材料评审报告正文"
    with translation.override("zh-hans"):
        assert str(world.round.report_title) == "材料评审报告"
    assert consensus_totals(world.cycle) == {entry.application_id: {"material_review": Decimal("145.00")}}


def test_consensus_refused_before_every_member_submitted(world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    leader = group.members.get(is_leader=True).reviewer
    declarations.declaration_make(entry, by=leader, has_conflict=False)
    sheets.sheet_save(entry, by=leader, scores=full_scores(entry.application), submit=True)
    with pytest.raises(ReviewError):
        consensus.consensus_record(entry, by=leader, percents={i.pk: 80 for i in items_of(entry.application)})


def _consented(world, staff, percents=(80, 80)):
    entry, group, members = scored_entry(world, staff)
    items = items_of(entry.application)
    consensus.consensus_record(
        entry, by=members[0].reviewer, percents={item.pk: p for item, p in zip(items, percents, strict=True)}
    )
    consensus.report_write(entry, by=members[0].reviewer, text="报告")
    return entry, members


def test_entry_eliminated_told_with_feedback(world, staff, applicant):
    entry, _members = _consented(world, staff)
    with pytest.raises(ReviewError):
        shortlist.entry_decide(entry, by=staff, advance=False, feedback="")
    shortlist.entry_decide(entry, by=staff, advance=False, feedback="经营指标与同组差距较大")
    entry.refresh_from_db()
    entry.application.refresh_from_db()
    assert entry.decision == EntryDecision.ELIMINATED
    assert entry.application.status == ApplicationStatus.ELIMINATED
    note = Notification.objects.filter(recipient=applicant).latest("pk")
    assert "经营指标与同组差距较大" in note.body and "第十九条" in note.body
    audit = AuditEntry.objects.get(action="application.eliminated")
    assert (audit.article, audit.reason) == ("第十九条", "经营指标与同组差距较大")
    with pytest.raises(ReviewError):
        shortlist.entry_decide(entry, by=staff, advance=True)


def test_entry_decide_refused_without_report_and_for_other_staff(world, staff, other_staff):
    entry = world.round.entries.order_by("pk").first()
    with pytest.raises(ReviewError):
        shortlist.entry_decide(entry, by=staff, advance=True)
    entry, _members = _consented(world, staff)
    with pytest.raises(ReviewError):
        shortlist.entry_decide(entry, by=other_staff, advance=True)


def test_entry_with_open_objection_cannot_go_on(world, staff):
    entry, _members = _consented(world, staff)
    application_hold(entry.application, by=None, reference="YY-1", reason="异议调查中")
    with pytest.raises(ReviewError, match="异议"), translation.override("zh-hans"):
        shortlist.entry_decide(entry, by=staff, advance=True)
    entry.refresh_from_db()
    assert entry.decision == EntryDecision.PENDING
    application_release(entry.application, by=staff, reference="YY-1", reason="异议不成立")
    assert shortlist.entry_decide(entry, by=staff, advance=True).decision == EntryDecision.ADVANCED


def test_applicant_is_told_that_its_application_goes_on(world, staff, applicant):
    entry, _members = _consented(world, staff)

    shortlist.entry_decide(entry, by=staff, advance=True)

    note = Notification.objects.filter(recipient=applicant).latest("pk")
    assert note.url == f"/applications/{entry.application_id}/"
    assert world.round.stage.name in note.subject


def test_no_group_is_drawn_for_a_held_entry(world, staff):
    entry = world.round.entries.order_by("pk").first()
    application_hold(entry.application, by=None, reference="YY-2", reason="异议调查中")
    with pytest.raises(ReviewError, match="异议"), translation.override("zh-hans"):
        groups.group_draw(world.round, by=staff, entries=[entry], size=3, seed="s")
    assert not ReviewGroup.objects.filter(round=world.round).exists()


def test_next_round_takes_those_that_went_on_and_commends_onsite(world, staff):
    entry, _members = _consented(world, staff)
    shortlist.entry_decide(entry, by=staff, advance=True)
    world.scheme.commend_onsite_article = "第二十五条"
    world.scheme.save()
    defence = world.cycle.stages.get(kind=StageKind.DEFENCE)
    defence_round = rounds.round_open(defence, by=staff)
    assert list(defence_round.entries.values_list("application_id", flat=True)) == [entry.application_id]
    assert defence_round.entries.get().commended is False
    onsite_round = rounds.round_open(world.cycle.stages.get(kind=StageKind.ONSITE_REVIEW), by=staff)
    assert onsite_round.entries.count() == 0  # nobody went on from the defence yet
    assert rounds.round_open(defence, by=staff) == defence_round
    assert defence_round.entries.count() == 1


def test_onsite_round_commends_entries_suizhou(authority, district, staff, applicant):
    scheme = factories.make_scheme(authority, code="suizhou", commend_onsite_article="第二十五条")
    cycle, apps = make_cycle(scheme, district, applicant, at=StageKind.ONSITE_REVIEW)
    round_ = rounds.round_open(cycle.stages.get(kind=StageKind.ONSITE_REVIEW), by=staff)
    assert sorted(round_.entries.values_list("commended", flat=True)) == [True, True]


def test_qingyuan_onsite_report_confirmed_by_applicant(authority, district, staff, applicant):
    scheme = factories.make_scheme(authority, code="qingyuan", onsite_report_confirmation_article="四(三)")
    make_pool(authority, 4)
    cycle, apps = make_cycle(scheme, district, applicant, count=1, at=StageKind.ONSITE_REVIEW)
    round_ = rounds.round_open(cycle.stages.get(kind=StageKind.ONSITE_REVIEW), by=staff)
    assert (round_.applicant_confirms_report, round_.confirmation_article) == (True, "四(三)")
    entry = round_.entries.get()
    group = groups.group_draw(round_, by=staff, entries=[entry], size=3, seed="q")
    members = list(group.members.order_by("pk"))
    for member in members:
        declarations.declaration_make(entry, by=member.reviewer, has_conflict=False)
        sheets.sheet_save(entry, by=member.reviewer, scores=full_scores(entry.application), submit=True)
    consensus.consensus_record(entry, by=members[0].reviewer, percents={i.pk: 80 for i in items_of(entry.application)})
    report = consensus.report_write(entry, by=members[0].reviewer, text="现场评审报告")
    assert Notification.objects.filter(recipient=applicant, url=f"/reviews/entry/{entry.pk}/confirm/").count() == 1
    with pytest.raises(ReviewError):
        consensus.report_confirm(report, by=staff)
    consensus.report_confirm(report, by=applicant, comment="无异议")
    report.refresh_from_db()
    assert report.confirmed_at is not None and report.applicant_comment == "无异议"
    with pytest.raises(ReviewError):
        consensus.report_confirm(report, by=applicant)
    with pytest.raises(ReviewError):
        consensus.report_write(entry, by=members[0].reviewer, text="改")
    assert AuditEntry.objects.get(action="reviews.report_confirmed").article == "四(三)"


def test_other_schemes_onsite_report_not_confirmed(world, staff):
    onsite = rounds.round_open(world.cycle.stages.get(kind=StageKind.ONSITE_REVIEW), by=staff)
    assert (onsite.applicant_confirms_report, onsite.confirmation_article) == (False, "")


def test_stage_started_signal_starts_the_round(
    authority, district, staff, applicant, django_capture_on_commit_callbacks
):

    scheme = factories.make_scheme(authority, code="signal")
    cycle, apps = make_cycle(scheme, district, applicant, at=StageKind.ELIGIBILITY)
    with django_capture_on_commit_callbacks(execute=True):
        factories.advance(cycle, by=staff)
    round_ = Round.objects.get(stage__kind=StageKind.MATERIAL_REVIEW, cycle=cycle)
    assert sorted(round_.entries.values_list("application_id", flat=True)) == sorted(a.pk for a in apps)
    assert AuditEntry.objects.filter(action="reviews.round_started").count() == 1


def test_pool_sync_idempotent_and_profile_edit_scope(authority, staff, other_staff):
    profiles = make_pool(authority, 2)
    assert pool.pool_sync(authority) == []
    pool.profile_update(profiles[0], by=profiles[0].user, field="质量管理")
    pool.profile_update(profiles[0], by=staff, title="高级工程师")
    profiles[0].refresh_from_db()
    assert (profiles[0].field, profiles[0].title) == ("质量管理", "高级工程师")
    for intruder in (other_staff, profiles[1].user):
        with pytest.raises(ReviewError):
            pool.profile_update(profiles[0], by=intruder, field="x")
    with pytest.raises(ReviewError):
        pool.profile_set_active(profiles[0], by=profiles[0].user, active=False)
    with pytest.raises(ReviewError):
        pool.relation_add(profiles[0], by=profiles[0].user, kind=RelationKind.FAMILY)


def test_consensus_totals_one_query(world, staff, django_assert_num_queries):
    _consented(world, staff)
    with django_assert_num_queries(1):
        totals = consensus_totals(world.cycle)
    assert list(totals.values()) == [{"material_review": Decimal("160.00")}]


def test_group_member_unique_leader_constraint(world, staff):
    group = drawn(world, staff)
    assert GroupMember.objects.filter(group=group, is_leader=True).count() == 1


def test_transitions_refused_from_wrong_states(world, staff):
    entry, group, members = scored_entry(world, staff)
    leader, other = members[0].reviewer, members[1].reviewer
    sheet = other.score_sheets.get(entry=entry)
    sheets.sheet_reopen(sheet, by=leader, reason="复核")
    with pytest.raises(ReviewError):
        sheets.sheet_reopen(sheet, by=leader, reason="再次")  # a draft cannot be reopened
    with pytest.raises(ReviewError):
        consensus.consensus_record(entry, by=leader, percents={i.pk: 80 for i in items_of(entry.application)})
    sheets.sheet_save(entry, by=other, scores=full_scores(entry.application), submit=True)
    consensus.consensus_record(entry, by=leader, percents={i.pk: 80 for i in items_of(entry.application)})
    consensus.report_write(entry, by=leader, text="报告")
    world.round.stage.status = StageStatus.DONE
    world.round.stage.save()
    for action in (
        lambda: shortlist.entry_decide(entry, by=staff, advance=True),
        lambda: sheets.sheet_reopen(sheet, by=leader, reason="x"),
        lambda: consensus.report_write(entry, by=leader, text="改"),
        lambda: sheets.sheet_save(entry, by=other, scores={}),
    ):
        with pytest.raises(ReviewError):
            action()
    entry.refresh_from_db()
    assert entry.decision == EntryDecision.PENDING


def test_withdrawn_member_cannot_declare_or_score(world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.order_by("pk").last().reviewer
    declarations.declaration_make(entry, by=member, has_conflict=True, statement="亲属任职")
    with pytest.raises(ReviewError):
        sheets.sheet_save(entry, by=member, scores=full_scores(entry.application))
    assert dossier_access(member, entry.application) == Access.NONE
