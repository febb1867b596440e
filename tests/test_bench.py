"""``make bench`` and ``seed_province`` on tiny data, so that they keep working. Nothing here times
anything: the benchmark is the command (``bench/results.md``), never a test."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test.utils import override_settings

from accounts.models import Authority
from applications.enums import ApplicationStatus
from applications.models import Application, ReportSection
from awards.models import CommitteeVote
from cycles.enums import StageKind
from cycles.models import RubricItem
from demo.scale import SCALE_PREFIX
from register.models import Certificate
from reviews.enums import SheetStatus
from reviews.models import Draw, ItemScore, ScoreSheet
from reviews.services.groups import draw_verify
from tests.factories import AuthorityFactory, DistrictFactory, application_in, cycle_at, make_scheme

pytestmark = pytest.mark.django_db

ROLES_AND_PAGES = 17  # office 7, department 1, reviewer 3, committee 1, public 5


def test_bench_writes_a_verdict_for_every_row_and_leaves_nothing_behind(tmp_path):
    output = tmp_path / "results.md"
    call_command(
        "bench",
        sizes="2,5",
        repeat=1,
        reviewers=3,
        deadlines=20,
        output=str(output),
        stdout=io.StringIO(),
    )
    text = output.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| role")]
    rows = [row for row in rows if not row.startswith(("| computation", "| document"))]
    assert all(row.endswith(("| meets |", "| misses |")) for row in rows)
    pages = [
        row
        for row in rows
        if row.split(" | ")[0].lstrip("| ") in {"office", "department", "reviewer", "committee", "public"}
    ]
    assert len(pages) == ROLES_AND_PAGES
    names = {row.split(" | ")[0].lstrip("| ") for row in rows}
    assert {
        "round ranking",
        "comprehensive evaluation",
        "draw of all groups of a round",
        "2,000 working-day deadlines",
        "certificate",
        "dossier",
    } <= names
    assert "| draw of all groups of a round |" in text and "5 groups" in text  # groups_draw_all: one an application
    # The PDFs' pages are counted in their compressed object streams: a certificate is one page.
    certificate, dossier = (row.split(" | ") for row in rows if row.startswith(("| certificate", "| dossier")))
    assert certificate[2] == "1"
    assert int(dossier[2]) >= 1
    assert not Authority.objects.filter(name__startswith=SCALE_PREFIX).exists()
    assert not Application.objects.exists()


def test_seed_province_writes_full_sheets_and_recomputable_draws():
    out = io.StringIO()
    call_command("seed_province", authorities=2, cycles=2, applications=4, large=6, reviewers=3, stdout=out)
    assert Authority.objects.filter(name__startswith=SCALE_PREFIX).count() == 2
    assert Application.objects.count() == 4 + 6 + 4 + 4
    items = {
        a.pk: RubricItem.objects.filter(section__rubric=a.category.rubric).count() for a in Application.objects.all()
    }
    assert ReportSection.objects.count() == sum(items.values())
    assert ScoreSheet.objects.count() == 18 * 3
    assert not ScoreSheet.objects.exclude(status=SheetStatus.SUBMITTED).exists()
    assert ItemScore.objects.count() == 3 * sum(items.values())
    assert all(draw_verify(record) for record in Draw.objects.all())
    # The closed cycles' winners are in the register; the open cycle of the first authority votes.
    assert Certificate.objects.count() == 4 + 4
    assert CommitteeVote.objects.count() == 1  # the second authority runs 钦州's single vote, not opened
    assert Application.objects.filter(status=ApplicationStatus.CANDIDATE).count() == 6
    call_command("seed_province", stdout=out)
    assert "seeded already" in out.getvalue()
    assert Application.objects.count() == 18


def test_seed_province_refuses_a_production_database_unless_forced():
    authority = AuthorityFactory()
    cycle = cycle_at(make_scheme(authority), StageKind.ELIGIBILITY)
    application_in(cycle, DistrictFactory(authority=authority), title="真实申报单位")
    tiny = {"authorities": 1, "cycles": 1, "applications": 2, "large": 2, "reviewers": 3, "stdout": io.StringIO()}
    with override_settings(DEBUG=False):
        with pytest.raises(CommandError, match="production"):
            call_command("seed_province", **tiny)
        assert not Authority.objects.filter(name__startswith=SCALE_PREFIX).exists()
        call_command("seed_province", force=True, **tiny)
    assert Authority.objects.filter(name__startswith=SCALE_PREFIX).count() == 1
