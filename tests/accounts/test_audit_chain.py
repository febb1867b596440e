"""The audit trail is tamper-evident: each authority's entries form a hash chain, sealed after commit,
and verification names the first entry that does not match."""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.urls import reverse

from accounts import audit_chain
from accounts.models import AuditEntry
from accounts.services import audit_record
from accounts.tasks import seal_audit_trail
from tests.factories import make_supervisor

pytestmark = pytest.mark.django_db


def record(authority, actor, count, action="cycle.opened"):
    return [
        audit_record(actor=actor, action=action, summary=f"第{n}件事", authority=authority, data={"n": n})
        for n in range(count)
    ]


def tamper(entry, **values):
    """What a database administrator could do: change a row with raw SQL, past the model's guard."""
    assignments = ", ".join(f"{column} = %s" for column in values)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE accounts_auditentry SET {assignments} WHERE id = %s", [*values.values(), entry.pk])


def test_entries_are_written_unsealed_and_sealed_in_order(authority, staff):
    entries = record(authority, staff, 3)
    assert (
        list(AuditEntry.objects.filter(pk__in=[e.pk for e in entries]).values_list("seal", "digest"))
        == [(None, "")] * 3
    )
    assert audit_chain.seal(authority.pk) == 3
    sealed = list(AuditEntry.objects.filter(authority=authority).order_by("seal"))
    assert [e.pk for e in sealed] == [e.pk for e in entries]
    assert [e.seal for e in sealed] == [1, 2, 3]
    assert sealed[0].digest == audit_chain.digest_of(sealed[0], position=1, previous=audit_chain.GENESIS)
    assert sealed[1].digest == audit_chain.digest_of(sealed[1], position=2, previous=sealed[0].digest)
    assert audit_chain.seal(authority.pk) == 0  # idempotent


def test_a_sealed_chain_verifies(authority, staff):
    record(authority, staff, 4)
    audit_chain.seal(authority.pk)
    record(authority, staff, 1)  # written after the seal: pending, not a fault
    result = audit_chain.verify(authority.pk)
    last = AuditEntry.objects.filter(authority=authority, seal=4).get()
    assert (result.ok, result.checked, result.unsealed, result.head_seal, result.head_digest) == (
        True,
        4,
        1,
        4,
        last.digest,
    )


def test_altering_one_summary_with_raw_sql_names_exactly_that_entry(authority, staff):
    entries = record(authority, staff, 5)
    audit_chain.seal(authority.pk)
    tamper(entries[2], summary="篡改后的内容")
    result = audit_chain.verify(authority.pk)
    assert result.broken.pk == entries[2].pk
    assert (result.checked, result.problem) == (2, "该记录封存后，其内容或摘要被改动。")


def test_recomputing_the_altered_entrys_digest_names_the_next_entry(authority, staff):
    entries = record(authority, staff, 4)
    audit_chain.seal(authority.pk)
    forged = AuditEntry.objects.get(pk=entries[1].pk)
    forged.reason = "补写的理由"
    previous = AuditEntry.objects.get(pk=entries[0].pk).digest
    tamper(forged, reason=forged.reason, digest=audit_chain.digest_of(forged, position=2, previous=previous))
    assert audit_chain.verify(authority.pk).broken.pk == entries[2].pk


def test_deleting_an_entry_names_the_one_after_the_gap(authority, staff):
    entries = record(authority, staff, 4)
    audit_chain.seal(authority.pk)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditentry WHERE id = %s", [entries[1].pk])
    result = audit_chain.verify(authority.pk)
    assert result.broken.pk == entries[2].pk
    assert result.problem == "其序号为 3，应为 2：此前有记录缺失。"


def test_altering_the_data_or_the_time_is_caught_too(authority, staff):
    entries = record(authority, staff, 3)
    audit_chain.seal(authority.pk)
    tamper(entries[0], data='{"n": 99}')
    assert audit_chain.verify(authority.pk).broken.pk == entries[0].pk


def test_chains_of_authorities_are_apart(authority, other_authority, staff, other_staff):
    record(authority, staff, 2)
    theirs = record(other_authority, other_staff, 2)
    audit_seal_all = seal_audit_trail()
    assert audit_seal_all == 4
    tamper(theirs[0], summary="改")
    assert audit_chain.verify(authority.pk).ok
    assert audit_chain.verify(other_authority.pk).broken.pk == theirs[0].pk


def test_national_entries_form_a_chain_of_their_own(staff):
    first = audit_record(actor=staff, action="calendar.day_added", summary="2027-01-01 元旦")
    audit_record(actor=staff, action="calendar.day_added", summary="2027-02-06 调休上班")
    audit_chain.seal(None)
    assert audit_chain.verify(None).checked == 2
    tamper(first, summary="改")
    assert audit_chain.verify(None).broken.pk == first.pk


@pytest.mark.django_db(transaction=True)
def test_entries_are_sealed_when_their_transaction_commits(authority, staff):
    entry = audit_record(actor=staff, action="cycle.opened", summary="开启", authority=authority)  # autocommit
    entry.refresh_from_db()
    assert entry.seal == 1 and len(entry.digest) == 64


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_and_sealers_leave_one_whole_chain(authority, staff):
    """Writers never wait for the chain; sealers running at once never give a position twice."""
    errors = []

    def write_and_seal(worker):
        try:
            for n in range(5):
                audit_record(actor=staff, action="application.submitted", summary=f"{worker}-{n}", authority=authority)
                audit_chain.seal(authority.pk)
        except Exception as error:  # a thread's failure must fail the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write_and_seal, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    audit_chain.seal(authority.pk)
    result = audit_chain.verify(authority.pk)
    assert (result.ok, result.checked, result.unsealed) == (True, 30, 0)
    assert sorted(AuditEntry.objects.filter(authority=authority).values_list("seal", flat=True)) == list(range(1, 31))


# The command --------------------------------------------------------------------------------------


def test_command_verifies_every_chain_and_names_the_broken_entry(authority, other_authority, staff, capsys):
    entries = record(authority, staff, 3)
    record(other_authority, staff, 2)
    call_command("verify_audit_chain", "--seal")
    out = capsys.readouterr().out
    assert f"{authority.name}: 3 entries match" in out and f"{other_authority.name}: 2 entries match" in out
    tamper(entries[1], summary="改")
    with pytest.raises(CommandError, match=authority.name):
        call_command("verify_audit_chain")
    assert f"{authority.name}: entry 2 (id {entries[1].pk}," in capsys.readouterr().out


# The supervisor's page ----------------------------------------------------------------------------


def test_supervisor_page_shows_a_whole_chain_and_its_head(client, authority, staff, supervisor):
    record(authority, staff, 3)
    audit_chain.seal(authority.pk)
    client.force_login(supervisor)
    content = client.get(reverse("accounts:audit-verify", args=[authority.pk])).content.decode()
    assert 'id="chain-ok"' in content and "3 条已封存记录均与摘要相符" in content
    assert AuditEntry.objects.get(authority=authority, seal=3).digest in content


def test_supervisor_page_names_the_first_entry_that_does_not_match(client, authority, staff, supervisor):
    entries = record(authority, staff, 3)
    audit_chain.seal(authority.pk)
    tamper(entries[1], summary="篡改后的内容")
    client.force_login(supervisor)
    content = client.get(reverse("accounts:audit-verify", args=[authority.pk])).content.decode()
    assert 'id="chain-broken"' in content
    assert f"第一条不相符的记录为第 2 号（记录编号 {entries[1].pk}）" in content
    assert "篡改后的内容" in content


def test_verification_page_changes_nothing(client, authority, staff):
    record(authority, staff, 2)
    client.force_login(staff)
    assert client.get(reverse("accounts:audit-verify", args=[authority.pk])).status_code == 200
    assert not AuditEntry.objects.filter(seal__isnull=False).exists()  # reading never seals


def test_another_authoritys_supervisor_and_other_roles_get_404(client, authority, other_authority, staff, reviewer):
    url = reverse("accounts:audit-verify", args=[authority.pk])
    for user in (make_supervisor(other_authority, username="other-supervisor"), reviewer):
        client.force_login(user)
        assert client.get(url).status_code == 404
