"""A tamper-evident audit trail: the entries of each authority form a hash chain.

Every sealed entry carries its position in its authority's chain (``seal``: 1, 2, 3, …) and a
``digest``, the SHA-256 of the previous entry's digest and the entry's own content. Change one
entry's text, and its digest no longer matches; delete one, and the positions skip. Entries without
an authority (the national working-day calendar) form one chain of their own.

Why entries are sealed after the fact. Every change of state writes its audit entry inside its own
transaction, and fifty applicants may submit in the same second: chaining at write time would make
each of those transactions wait for the previous one's digest, an authority-wide lock on the hot path.
So ``audit_record`` writes the entry unsealed, and sealing happens later, in order:

- when the writing transaction commits, a task seals the chain of that authority (``on_commit``);
- a periodic task seals whatever is left (a worker that was down, a task lost).

A sealer holds a PostgreSQL advisory lock for its chain (transaction-scoped), which no writer ever
takes: sealers of one chain follow each other, writers never wait. It reads the committed unsealed
entries in id order and gives each the next position. Positions follow the order of sealing, not of
ids: an entry whose transaction commits late is simply sealed later, so a chain never has to be
rewritten. (SQLite, the embedded default, writes one transaction at a time; it needs no lock.)

Threat model. The chain shows who altered, inserted or deleted entries with SQL, unless they also
recompute the digests of every later entry. To catch that too, keep the head (the last position and
its digest, shown on the verification page and printed by ``manage.py verify_audit_chain``) outside
the database: a supervisor notes it, or it goes into the minutes of a meeting; a later head that does
not continue it shows a rewritten chain. Entries not sealed yet (normally seconds old) are not
protected; the page counts them.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from .models import AuditEntry

GENESIS = "0" * 64
BATCH = 500
# The first key of the advisory lock: this module's chains, apart from any other advisory lock.
LOCK_CLASS = 19580


def chain_of(authority_id):
    """The entries of one chain: an authority's, or the national one (``None``)."""
    if authority_id is None:
        return AuditEntry.objects.filter(authority__isnull=True)
    return AuditEntry.objects.filter(authority_id=authority_id)


def content_of(entry: AuditEntry, *, position: int) -> str:
    """The entry as the digest covers it: every field but the digest, in canonical JSON."""
    created = entry.created.astimezone(datetime.UTC).isoformat()
    fields = {
        "id": entry.pk,
        "seal": position,
        "created": created,
        "actor": entry.actor_id,
        "authority": entry.authority_id,
        "action": entry.action,
        "summary": entry.summary,
        "target_type": entry.target_type_id,
        "target_id": entry.target_id,
        "target_repr": entry.target_repr,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "article": entry.article,
        "reason": entry.reason,
        "data": entry.data,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def digest_of(entry: AuditEntry, *, position: int, previous: str) -> str:
    text = f"{previous}\n{content_of(entry, position=position)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _lock(authority_id) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, authority_id or 0])


def seal(authority_id) -> int:
    """Seal the unsealed entries of one chain, in id order; returns how many were sealed."""
    total = 0
    while True:
        with transaction.atomic():
            _lock(authority_id)
            chain = chain_of(authority_id)
            head = chain.filter(seal__isnull=False).order_by("-seal").values_list("seal", "digest").first()
            position, previous = head or (0, GENESIS)
            batch = list(chain.filter(seal__isnull=True).order_by("id")[:BATCH])
            for entry in batch:
                position += 1
                previous = digest_of(entry, position=position, previous=previous)
                # The trail refuses every update (AuditEntryQuerySet); sealing writes only the empty seal.
                models.QuerySet.update(
                    AuditEntry.objects.filter(pk=entry.pk, seal__isnull=True), seal=position, digest=previous
                )
        total += len(batch)
        if len(batch) < BATCH:
            return total


def seal_all() -> int:
    """Seal every chain that has unsealed entries (the periodic task)."""
    authorities = AuditEntry.objects.filter(seal__isnull=True).values_list("authority_id", flat=True).distinct()
    return sum(seal(authority_id) for authority_id in list(authorities))


@dataclass
class Verification:
    checked: int  # sealed entries whose digest was recomputed
    unsealed: int  # entries written but not sealed yet
    head_seal: int | None = None
    head_digest: str = ""
    broken: AuditEntry | None = None  # the first entry that does not match
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(authority_id) -> Verification:
    """Recompute the chain from its first entry; stop at the first entry that does not match."""
    chain = chain_of(authority_id)
    result = Verification(checked=0, unsealed=chain.filter(seal__isnull=True).count())
    expected, previous = 1, GENESIS
    for entry in chain.filter(seal__isnull=False).order_by("seal").iterator(chunk_size=2000):
        if entry.seal != expected:
            result.broken = entry
            result.problem = _(
                "Its position is %(seal)s, but %(expected)s was expected: entries are missing before it."
            ) % {
                "seal": entry.seal,
                "expected": expected,
            }
            return result
        if digest_of(entry, position=entry.seal, previous=previous) != entry.digest:
            result.broken = entry
            result.problem = _("Its content or its digest was changed after it was sealed.")
            return result
        result.checked += 1
        result.head_seal, result.head_digest = entry.seal, entry.digest
        expected, previous = expected + 1, entry.digest
    return result
