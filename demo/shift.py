"""Time travel for the demo: move the demo's dates into the past, as if the days had passed.

Every date and time of the demo's data moves back by the same number of days: the call's
deadline, the stages, submissions, notices, objections, reviews, votes, the inbox, the audit trail.
What is not the demo's stays where it is: the rulebook (schemes and their editions, rubrics, the
regulations' dates) and the national working-day calendar.

A period counted in working days is not a fixed number of calendar days, so it is not moved but
counted again from its moved start on the real calendar: a notice's end (and the stage that waits
for it), an objection's examination deadline. Notices whose period has then run are closed, as the
periodic task would have done, and the dossier PDFs still to render are queued for their moved
submissions. The audit trail's hash chain covers each entry's time, so the chains
of the entries moved are sealed again (``accounts.audit_chain``): on a demo only, never on a real
installation, which is why ``shift_demo`` refuses to run unless ``load_demo`` marked the database.
"""

import datetime
from collections import deque

from django.apps import apps
from django.db import models, transaction
from django.db.models import F

from accounts import audit_chain
from accounts.models import AuditEntry
from applications.tasks import requeue_missing_dossier_pdfs
from cycles.models import Cycle, CycleStage
from publicity.enums import NoticeStatus
from publicity.models import Notice, Objection
from publicity.services.notices import close_due_notices, notice_period_end
from publicity.services.objections import objection_due

# The apps whose rows are the demo's data; of ``cycles`` only what belongs to a cycle (the rest is the
# rulebook and the national calendar).
DATA_APPS = (
    "accounts",
    "applications",
    "cycles",
    "register",
    "publicity",
    "reviews",
    "awards",
    "pipeline",
    "operations",
)
RULEBOOK_APPS = ("cycles",)


def _path_to_cycle(model, *, depth: int = 4) -> str | None:
    """The lookup from ``model`` to its cycle through foreign keys (``"application__cycle"``), or None."""
    if model is Cycle:
        return "pk"
    queue = deque([(model, "")])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if path.count("__") >= depth:
            continue
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete or field.related_model is None:
                continue
            lookup = f"{path}__{field.name}" if path else field.name
            if field.related_model is Cycle:
                return lookup
            if field.related_model not in seen:
                seen.add(field.related_model)
                queue.append((field.related_model, lookup))
    return None


def _date_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField | models.DateTimeField) and not field.primary_key
    ]


def shifted_models() -> list[tuple[type[models.Model], list[str], str | None]]:
    """Each model of the demo's data with its date fields and its path to a cycle (None: not a cycle's)."""
    result = []
    for model in apps.get_models():
        if model._meta.app_label not in DATA_APPS or model is AuditEntry or not model._meta.managed:
            continue
        fields = _date_fields(model)
        if not fields:
            continue
        path = _path_to_cycle(model)
        if model._meta.app_label in RULEBOOK_APPS and path is None:
            continue
        result.append((model, fields, path))
    return result


def shift_dates(days: int, *, cycle: Cycle | None = None) -> None:
    """Move the demo's dates ``days`` days into the past: all of them, or only ``cycle``'s (its
    rows, and its authority's audit entries written since it opened). Recounts working-day periods
    from their moved starts, closes notices whose period has run and seals the moved audit again."""
    delta = datetime.timedelta(days=days)
    with transaction.atomic():
        # From the row, not the instance: an earlier shift may have moved it since the caller read it.
        opened_at = Cycle.objects.values_list("opened_at", flat=True).get(pk=cycle.pk) if cycle is not None else None
        for model, fields, path in shifted_models():
            if cycle is not None and path is None:
                continue
            rows = model._base_manager.all()
            if cycle is not None:
                rows = rows.filter(**{path: cycle.pk})
            models.QuerySet.update(rows, **{name: F(name) - delta for name in fields})
        _shift_audit(delta, cycle=cycle, since=opened_at)
        _recount_periods(cycle)
        # A dossier's PDF is kept for the moment of its submission, and that moment has moved: the PDFs
        # still to render are queued again for the moved moment (those queued before it no longer match theirs).
        transaction.on_commit(requeue_missing_dossier_pdfs.delay)
    close_due_notices()


def _shift_audit(delta, *, cycle, since) -> None:
    entries = AuditEntry.objects.all()
    if cycle is not None:
        entries = entries.filter(authority_id=cycle.scheme.authority_id, created__gte=since)
    authorities = set(entries.values_list("authority_id", flat=True).distinct())
    if not authorities:
        return
    # The trail refuses updates through its own queryset; only this demo tool and the sealer write it.
    models.QuerySet.update(entries, created=F("created") - delta)
    for authority_id in authorities:
        models.QuerySet.update(audit_chain.chain_of(authority_id), seal=None, digest="")
        audit_chain.seal(authority_id)


def _recount_periods(cycle) -> None:
    notices = Notice.objects.filter(starts_on__isnull=False).select_related("stage")
    objections = Objection.objects.filter(due_at__isnull=False).select_related("cycle__scheme")
    if cycle is not None:
        notices, objections = notices.filter(cycle=cycle), objections.filter(cycle=cycle)
    holds = {}
    for notice in notices:
        notice.ends_at = notice_period_end(notice, notice.starts_on)
        notice.save(update_fields=["ends_at"])
        if notice.status in (NoticeStatus.PUBLISHED, NoticeStatus.CLOSED):
            holds[notice.stage_id] = max(holds.get(notice.stage_id, notice.ends_at), notice.ends_at)
    for stage_id, until in holds.items():
        CycleStage.objects.filter(pk=stage_id).update(not_before_end=until)
    for objection in objections:
        objection.due_at = objection_due(objection.cycle.scheme, objection.created)
        objection.save(update_fields=["due_at"])
