"""One complete cycle of each of the five shipped schemes, through the real pages in Chromium.

Each step by the party who acts, never a superuser: the office opens the cycle; the applicant
registers and submits its dossier; the department recommends (兰州: after its county notice); the
office decides eligibility; every review round in the scheme's order with the draw, the reviewers'
declarations, scores and consensus; every notice, the final one with an objection filed by the
public and answered by the office; the committee's vote; the government's decision; the
announced register; the certificate verified on the public page. Screenshots of the key pages
go to test-results/screenshots/<scheme>/.
"""

from django.core.management import call_command

from accounts.models import AuditEntry
from applications.enums import ApplicationStatus
from pipeline.stages import RULES
from register.models import AwardRecord
from tests.browser.cycle_support import BrowserCycle
from tests.lifecycle_support import AFTER_THE_VOTE, EXPECTED_STAGES


def run_and_check_a_cycle(code, live_server, browser):
    """Run the cycle of ``code`` and check who did what and what it ended with."""
    call_command("load_schemes", verbosity=0)
    cycle = BrowserCycle(code, browser, live_server.url)
    try:
        kinds = cycle.run()
    finally:
        cycle.close()

    assert kinds == EXPECTED_STAGES[code] + AFTER_THE_VOTE[code]
    # Every stage with a condition was seen refusing, on the cycle's page, to end while it failed.
    assert set(cycle.refused) == {kind for kind in kinds if RULES[kind].conditions}
    # The applicant holds the award: in the register, with the government's decision and a certificate.
    application = cycle.refresh()
    assert application.status == ApplicationStatus.AWARDED
    record = AwardRecord.objects.get(cycle=cycle.cycle)
    assert (record.holder_name, record.decision_reference) == (application.title, f"{code}政发〔2026〕1号")
    assert record.certificate.code == cycle.certificate_code
    # Each step by the party who acts: the applicant submits, the department recommends, the office accepts.
    actors = dict(
        AuditEntry.objects.filter(
            target_type__model="application",
            target_id=application.pk,
            action__in=["application.submitted", "application.recommended", "application.accepted"],
        ).values_list("action", "actor__username")
    )
    assert actors == {
        "application.submitted": cycle.applicant.username,
        "application.recommended": cycle.department_user.username,
        "application.accepted": cycle.staff.username,
    }
    # Every move of the cycle was made by the office's staff, none by a superuser.
    movers = set(
        AuditEntry.objects.filter(
            target_type__model="cycle", target_id=cycle.cycle.pk, action="cycle.advanced"
        ).values_list("actor__username", flat=True)
    )
    assert movers == {cycle.staff.username}
    assert not any(party.user.is_superuser for party in cycle.parties.values())
    assert len(list(cycle.shots.glob("*.png"))) == cycle.shot_count >= 10
