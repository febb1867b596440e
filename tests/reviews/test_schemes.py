"""Each of the five shipped schemes, through every review round in its own order."""

import datetime

import pytest

from applications.enums import ApplicationStatus
from cycles.enums import REVIEW_STAGES, StageKind, StageStatus
from cycles.loader import load_schemes
from cycles.models import AwardScheme
from reviews.enums import EntryDecision
from reviews.selectors import consensus_totals, defence_list
from reviews.services import consensus, declarations, groups, rounds, sheets, shortlist
from tests import factories
from tests.applications.eligibility_support import make_application, make_organisation, open_cycle

from .conftest import full_scores, items_of, make_pool

ORDERS = {
    "suizhou": ["material_review", "defence", "onsite_review"],
    "qinzhou": ["material_review", "onsite_review"],
    "qingyuan": ["material_review", "onsite_review"],
    "jinzhong": ["material_review", "onsite_review", "defence"],
    "lanzhou": ["material_review", "onsite_review"],
}


def _move_to(cycle, stage):
    cycle.stages.filter(status=StageStatus.CURRENT).update(status=StageStatus.DONE)
    cycle.stages.filter(order__lt=stage.order).update(status=StageStatus.DONE)
    cycle.stages.filter(pk=stage.pk).update(status=StageStatus.CURRENT)
    stage.refresh_from_db()


@pytest.mark.parametrize("code", list(ORDERS))
def test_scheme_review_rounds_in_its_order(code, applicant):
    load_schemes()
    scheme = AwardScheme.objects.get(code=code)
    authority = scheme.authority
    staff = factories.make_staff(authority, username=f"{code}-s")
    make_pool(authority, 5, prefix=f"{code}-r")
    district = factories.DistrictFactory(authority=authority)
    cycle = open_cycle(scheme, at=StageKind.MATERIAL_REVIEW)
    category = scheme.categories.filter(applicant_kind="organisation").first()
    for index in range(4):
        organisation = make_organisation(district, registered_on=datetime.date(2000, 1, 1), name=f"{code}企业{index}")
        make_application(
            cycle,
            owner=applicant,
            district=district,
            organisation=organisation,
            category=category,
            status=ApplicationStatus.ACCEPTED,
        )
    low, high = groups.group_size_bounds(scheme)
    # “3名以上” is at least three (随州 第十九条, 庆元 二(四)); 钦州 3 to 5 (第十条); 晋中 and 兰州 name
    # no number: the office's setting, also at least three by default.
    assert (low, high) == ((3, 5) if code == "qinzhou" else (3, None))
    stages = list(cycle.stages.filter(kind__in=sorted(REVIEW_STAGES)).order_by("order"))
    assert [s.kind for s in stages] == ORDERS[code]
    remaining = 4
    for stage in stages:
        _move_to(cycle, stage)
        round_ = rounds.round_open(stage, by=staff)
        entries = list(round_.entries.select_related("application__category").order_by("application__title"))
        assert len(entries) == remaining
        group = groups.group_draw(round_, by=staff, entries=entries, size=low)
        members = list(group.members.select_related("reviewer").order_by("pk"))
        for rank, entry in enumerate(entries):
            for member in members:
                declarations.declaration_make(entry, by=member.reviewer, has_conflict=False)
                sheets.sheet_save(
                    entry, by=member.reviewer, scores=full_scores(entry.application, 90 - 10 * rank), submit=True
                )
            consensus.consensus_record(
                entry, by=members[0].reviewer, percents={i.pk: 90 - 10 * rank for i in items_of(entry.application)}
            )
            report = consensus.report_write(entry, by=members[0].reviewer, text=f"{round_.report_title}")
            if round_.applicant_confirms_report:
                consensus.report_confirm(report, by=applicant, comment="")
        assert round_.applicant_confirms_report == (code == "qingyuan" and stage.kind == StageKind.ONSITE_REVIEW)
        if stage.kind == StageKind.ONSITE_REVIEW:
            assert all(e.commended for e in round_.entries.all()) == (code == "suizhou")
        *advanced, last = entries
        for entry in advanced:
            shortlist.entry_decide(entry, by=staff, advance=True)
        shortlist.entry_decide(last, by=staff, advance=False, feedback="得分较低")
        last.application.refresh_from_db()
        assert last.application.status == ApplicationStatus.ELIMINATED
        assert round_.entries.filter(decision=EntryDecision.ADVANCED).count() == remaining - 1
        remaining -= 1
        if code == "suizhou" and stage.kind == StageKind.MATERIAL_REVIEW:
            notice = cycle.stages.get(kind=StageKind.DEFENCE_LIST_NOTICE)
            assert sorted(a.pk for a in defence_list(notice)) == sorted(e.application_id for e in advanced)
    totals = consensus_totals(cycle)
    assert len(totals) == 4
    top = max(totals, key=lambda pk: sum(totals[pk].values()))
    assert set(totals[top]) == set(ORDERS[code])
