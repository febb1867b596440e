"""庆元 四(三): the applicant confirms its on-site review report (or comments on it) before the
office decides on it; the other schemes decide on the report at once."""

import datetime

import pytest
from django.utils import translation

from applications.enums import ApplicationStatus
from cycles.enums import StageKind
from cycles.loader import load_schemes
from cycles.models import AwardScheme
from reviews.errors import ReviewError
from reviews.services import consensus, declarations, groups, rounds, sheets, shortlist
from tests import factories
from tests.applications.eligibility_support import make_application, make_organisation, open_cycle

from .conftest import full_scores, items_of, make_pool

pytestmark = pytest.mark.django_db


def reported_onsite_entry(code, applicant):
    scheme = AwardScheme.objects.get(code=code)
    staff = factories.make_staff(scheme.authority, username=f"{code}-staff")
    make_pool(scheme.authority, 3, prefix=f"{code}-r")
    district = factories.DistrictFactory(authority=scheme.authority)
    cycle = open_cycle(scheme, at=StageKind.ONSITE_REVIEW)
    organisation = make_organisation(district, registered_on=datetime.date(2005, 1, 1), name="庆元县甲公司")
    organisation.members.add(applicant)
    make_application(
        cycle,
        owner=applicant,
        district=district,
        organisation=organisation,
        category=scheme.categories.filter(applicant_kind="organisation").first(),
        status=ApplicationStatus.ACCEPTED,
    )
    round_ = rounds.round_open(cycle.stages.get(kind=StageKind.ONSITE_REVIEW), by=staff)
    entry = round_.entries.select_related("application__category").get()
    group = groups.group_draw(round_, by=staff, entries=[entry], size=3, seed="onsite")
    members = [m.reviewer for m in group.members.order_by("pk")]
    for reviewer in members:
        declarations.declaration_make(entry, by=reviewer, has_conflict=False)
        sheets.sheet_save(entry, by=reviewer, scores=full_scores(entry.application), submit=True)
    consensus.consensus_record(entry, by=members[0], percents={i.pk: 80 for i in items_of(entry.application)})
    report = consensus.report_write(entry, by=members[0], text="现场评审报告")
    return staff, entry, report


def test_qingyuan_onsite_decision_waits_for_the_applicants_confirmation(applicant):
    load_schemes()
    staff, entry, report = reported_onsite_entry("qingyuan", applicant)
    assert entry.round.applicant_confirms_report is True
    for advance in (True, False):
        with translation.override("en"), pytest.raises(ReviewError) as error:
            shortlist.entry_decide(entry, by=staff, advance=advance, feedback="得分较低")
        assert str(error.value) == (
            "Under 四(三) the applicant confirms the report first (or comments on it); 庆元县甲公司 has not."
        )
    consensus.report_confirm(report, by=applicant, comment="对第4.7项结果有补充说明")
    decided = shortlist.entry_decide(entry, by=staff, advance=True)
    assert decided.decision == "advanced"


def test_other_schemes_decide_on_the_onsite_report_without_confirmation(applicant):
    load_schemes()
    staff, entry, _report = reported_onsite_entry("lanzhou", applicant)
    assert entry.round.applicant_confirms_report is False
    assert shortlist.entry_decide(entry, by=staff, advance=True).decision == "advanced"
