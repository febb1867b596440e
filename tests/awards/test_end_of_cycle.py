"""The end of a cycle in the browser's terms: who may open the consultation, approval and
announcement pages, what the public sees before and after the announcement, and a revoked
certificate checked by its number. One Suizhou cycle driven through the real services."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from awards.models import ConsultationOpinion, GovernmentApproval
from awards.services import approval
from cycles.loader import load_schemes
from register.enums import AwardStatus
from register.models import AwardRecord, CertificateBatch, SanctionRecord
from tests import factories
from tests.lifecycle_support import K, World, finish, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    """A Suizhou cycle whose committee has voted, whose member units agreed and whose candidate
    notice has run: it awaits the government's approval."""
    load_schemes()
    world = World("suizhou")
    run(world)
    assert finish(world, django_capture_on_commit_callbacks, until=K.GOVERNMENT_APPROVAL) == [
        K.CONSULTATION,
        K.CANDIDATE_NOTICE,
    ]
    return world


def _approve(world):
    return approval.approval_record(
        world.cycle,
        by=world.staff,
        issuing_body="随州市人民政府",
        document_number="随政发〔2026〕9号",
        decided_on=timezone.localdate(),
    )


def test_nothing_is_public_before_the_announcement(world, client):
    title = world.application.title
    results = reverse("awards:results", args=[world.cycle.pk])
    outcome = reverse("awards:outcome", args=[world.application.pk])
    certificate = reverse("awards:outcome-certificate", args=[world.application.pk])

    def public_view():
        client.logout()
        shown = (client.get(results).status_code, title in client.get(reverse("register:list")).content.decode())
        client.force_login(world.applicant)
        return (*shown, client.get(outcome).status_code, client.get(certificate).status_code)

    assert public_view() == (404, False, 404, 404)
    _approve(world)
    assert public_view() == (404, False, 404, 404)  # decided, not yet announced

    world.advance()  # the announcement writes the register

    client.logout()
    response = client.get(results)
    assert response.status_code == 200 and title in response.content.decode()
    assert title in client.get(reverse("register:list")).content.decode()
    client.force_login(world.applicant)
    response = client.get(outcome)
    assert response.status_code == 200 and response.context["record"].holder_name == title


END_PAGES = ["awards:consultation", "awards:approval", "awards:announcement", "awards:certificates-progress"]


@pytest.mark.parametrize("name", END_PAGES)
def test_end_pages_only_for_the_office_of_the_authority(world, client, name):
    url = reverse(name, args=[world.cycle.pk])
    supervisor = factories.make_supervisor(world.authority, username="suizhou-supervisor")
    outsiders = [
        factories.make_staff(factories.AuthorityFactory(), username="other-staff"),
        world.applicant,
        world.department_user,
        world.committee[0],
        factories.make_reviewer(world.authority, username="suizhou-reader"),
    ]

    assert client.get(url).status_code == 302  # to the login page
    for user in outsiders:
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
    for user in (world.staff, supervisor):
        client.force_login(user)
        assert client.get(url).status_code == 200, user.username


def test_only_staff_record_the_approval_and_issue_certificates(world, client):
    supervisor = factories.make_supervisor(world.authority, username="suizhou-supervisor")
    other = factories.make_staff(factories.AuthorityFactory(), username="other-staff")
    form = {
        "issuing_body": "随州市人民政府",
        "document_number": "随政发〔2026〕9号",
        "decided_on": timezone.localdate().isoformat(),
    }
    approval_url = reverse("awards:approval", args=[world.cycle.pk])

    for user in (supervisor, other, world.committee[0]):
        client.force_login(user)
        assert client.post(approval_url, form).status_code == 404
    assert not GovernmentApproval.objects.filter(cycle=world.cycle).exists()

    client.force_login(world.staff)
    response = client.post(approval_url, form)
    assert response.status_code == 302
    assert GovernmentApproval.objects.get(cycle=world.cycle).document_number == "随政发〔2026〕9号"

    world.advance()
    issue = reverse("awards:certificates-issue", args=[world.cycle.pk])
    for user in (supervisor, other):
        client.force_login(user)
        assert client.post(issue).status_code == 404
    assert not CertificateBatch.objects.filter(cycle=world.cycle).exists()


def test_supervisor_is_refused_every_end_of_cycle_action(world, client):
    """A supervisor reads the end of a cycle and acts on none of it: each action answers 404, as
    for anyone outside the office, and writes nothing."""
    supervisor = factories.make_supervisor(world.authority, username="suizhou-supervisor")
    opinion = ConsultationOpinion.objects.get(consultation__cycle=world.cycle)
    urls = [
        reverse("awards:consultation-unit", args=[world.cycle.pk]),
        reverse("awards:opinion", args=[world.cycle.pk, opinion.pk]),
        reverse("awards:prize-set", args=[world.cycle.pk, world.tier.pk]),
        reverse("awards:certificates-issue", args=[world.cycle.pk]),
    ]
    form = {"name": "市财政局", "answer": "agree", "amount": "100000"}
    trail = AuditEntry.objects.count()

    client.force_login(supervisor)
    assert [client.post(url, form).status_code for url in urls] == [404, 404, 404, 404]
    assert AuditEntry.objects.count() == trail


def test_revoked_certificate_verifies_as_revoked_and_bars_the_holder(world, client, django_capture_on_commit_callbacks):
    _approve(world)
    world.advance()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(world.staff)
        client.post(reverse("awards:certificates-issue", args=[world.cycle.pk]))
    record = AwardRecord.objects.select_related("certificate").get(cycle=world.cycle)
    verify = reverse("register:verify-code", args=[record.certificate.code])
    client.logout()
    assert client.get(verify).context["status"] == AwardStatus.VALID

    client.force_login(world.staff)
    response = client.post(
        reverse("register:revoke", args=[record.pk]),
        {
            "ground": "incident",
            "reason": "获奖后发生重大质量安全事故。",
            "decided_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "reference": "随政函〔2027〕3号",
        },
        follow=True,
    )
    assert response.redirect_chain == [(reverse("register:record", args=[record.pk]), 302)]
    assert [message.level_tag for message in response.context["messages"]] == ["success"]

    client.logout()
    response = client.get(verify)
    assert response.context["status"] == AwardStatus.REVOKED
    assert "第三十四条" in response.content.decode()
    ban = SanctionRecord.objects.get(credit_code=record.credit_code)
    assert (ban.cause, ban.article) == ("revocation", "第三十四条")


def test_certificates_archive_streams_every_certificate_to_the_office_only(
    world, client, django_capture_on_commit_callbacks
):
    _approve(world)
    world.advance()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(world.staff)
        client.post(reverse("awards:certificates-issue", args=[world.cycle.pk]))
    record = AwardRecord.objects.select_related("certificate").get(cycle=world.cycle)
    url = reverse("awards:certificates-archive", args=[world.cycle.pk])
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [f"{record.holder_name}-{record.certificate.code}.pdf"]
    with record.certificate.file.open("rb") as handle:
        assert archive.read(archive.namelist()[0]) == handle.read()
    client.force_login(factories.make_staff(factories.AuthorityFactory(), username="other-office"))
    assert client.get(url).status_code == 404
