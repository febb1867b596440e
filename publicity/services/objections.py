"""Changes to objections (异议): filed by anyone, examined by the office, answered in writing.

Each function checks the rules, acts in one transaction with the row locked, writes the audit
trail with the article it applied, and sends its messages after commit.
"""

import datetime
import hashlib
import secrets

import filetype
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import authority_staff
from accounts.services import audit_record, notify
from applications.enums import TRANSITIONS, ApplicationStatus
from applications.services.holds import application_hold, application_release
from applications.services.recusal import check_not_recused
from applications.services.transitions import application_set_status
from common.machines import check_move
from common.text import join_list
from cycles.calendar import UnknownCalendarYear, add_days, end_of_day
from cycles.enums import CycleState
from cycles.models import Cycle

from ..enums import FINDINGS, OBJECTION_TRANSITIONS, ObjectionStatus, ObjectorKind
from ..errors import PublicityError
from ..models import Notice, NoticeEntry, Objection, ObjectionEvidence, ObjectionNote
from ..permissions import can_handle_objection
from ..tasks import send_objection_answer
from .investigation import missing_before_decision, needs_committee

# Evidence of an objection: documents and pictures, recognised by their content.
EVIDENCE_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
}
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def check_evidence_file(uploaded) -> str:
    """The content type of an uploaded PDF or image, recognised from its content; refuse anything else."""
    if uploaded.size > settings.EVIDENCE_MAX_FILE_SIZE:
        raise PublicityError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": uploaded.name, "limit": settings.EVIDENCE_MAX_FILE_SIZE // (1024 * 1024) or 1}
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in EVIDENCE_TYPES:
        raise PublicityError(_("%(name)s is not a PDF or an image (JPEG, PNG, GIF, WebP).") % {"name": uploaded.name})
    return kind.mime


def _checksum(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def _new_reference() -> str:
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"YY-{code[:4]}-{code[4:]}"
        if not Objection.objects.filter(reference=reference).exists():
            return reference


def identity_missing(scheme, *, kind, name, phone, address, id_number, identity_document, sealed_letter) -> list[str]:
    """What an objection lacks of the identity the scheme requires (Lanzhou 第二十八条)."""
    if not scheme.objection_identity_required:
        return []
    if kind == ObjectorKind.INDIVIDUAL:
        required = [
            (name, _("your name")),
            (phone, _("your phone number")),
            (address, _("your postal address")),
            (id_number, _("your identity document number")),
            (identity_document, _("a copy of your identity document")),
        ]
    else:
        required = [
            (name, _("the unit's name")),
            (address, _("the unit's address")),
            (phone, _("the unit's phone number")),
            (sealed_letter, _("the objection letter bearing the unit's seal")),
        ]
    return [label for value, label in required if not (value.strip() if isinstance(value, str) else value)]


def objection_due(scheme, filed: datetime.datetime) -> datetime.datetime | None:
    """When the office must have examined an objection filed at ``filed``: the scheme's window, or none."""
    if not scheme.objection_window_days:
        return None
    start = timezone.localdate(filed)
    return end_of_day(add_days(start, scheme.objection_window_days, scheme.objection_window_unit))


def _identity_required(scheme, **identity) -> None:
    missing = identity_missing(scheme, **identity)
    if missing:
        raise PublicityError(
            _("Under %(article)s an objection must identify the objector; missing: %(missing)s.")
            % {"article": scheme.objection_identity_article or scheme.objection_article, "missing": join_list(missing)}
        )


def _record(
    *,
    cycle,
    scheme,
    article: str,
    notice=None,
    entry=None,
    application=None,
    subject="",
    kind,
    content,
    name,
    phone,
    address,
    email,
    id_number,
    identity_document,
    sealed_letter,
    checked,
    due,
    now,
) -> Objection:
    """Write an objection with its evidence, hold the applicant it is about, audit, tell the staff.
    The caller checked the objection and holds the lock of what it is filed against."""
    objection = Objection.objects.create(
        cycle=cycle,
        notice=notice,
        entry=entry,
        application=application,
        subject=subject.strip()[:300],
        reference=_new_reference(),
        objector_kind=kind,
        name=name.strip(),
        phone=phone.strip(),
        address=address.strip(),
        email=email.strip(),
        id_number=id_number.strip(),
        identity_document=identity_document or "",
        sealed_letter=sealed_letter or "",
        content=content.strip(),
        created=now,
        due_at=due,
    )
    for uploaded, content_type in checked:
        if uploaded in (identity_document, sealed_letter):
            continue
        ObjectionEvidence.objects.create(
            objection=objection,
            file=uploaded,
            original_name=uploaded.name[:200],
            content_type=content_type,
            size=uploaded.size,
            sha256=_checksum(uploaded),
        )
    authority = scheme.authority
    if application is not None:
        application_hold(
            application,
            by=None,
            reference=objection.reference,
            reason=_("Objection %(reference)s is being examined.") % {"reference": objection.reference},
            article=article,
        )
    where = notice.title if notice is not None else str(cycle)
    audit_record(
        actor=None,
        action="objection.filed",
        summary=_("Objection %(reference)s to %(entry)s on %(notice)s")
        % {"reference": objection.reference, "entry": objection.concerns, "notice": where},
        target=objection,
        authority=authority,
        to_state=ObjectionStatus.OPEN,
        article=article,
    )
    notify(
        recipients=list(authority_staff(authority)),
        subject=_("New objection %(reference)s to %(entry)s")
        % {"reference": objection.reference, "entry": objection.concerns},
        body=_("To be examined by %(due)s (%(article)s).")
        % {
            "due": timezone.localtime(due).strftime("%Y-%m-%d") if due else _("no fixed date"),
            "article": scheme.objection_window_article,
        },
        url=reverse("publicity:objection-detail", args=[objection.pk]),
    )
    return objection


def _checked_filing(scheme, *, kind, content, evidence, now, **identity_fields):
    """What every objection is checked for before anything is stored: the kind of objector, a
    content, the identity the scheme requires, and files recognised by their content. Returns the
    identity, the checked files and the due date."""
    if kind not in ObjectorKind.values:
        raise PublicityError(_("Say whether you object as an individual or as a unit."))
    if not content.strip():
        raise PublicityError(_("Write what you object to and why."))
    identity = {"kind": kind, **identity_fields}
    _identity_required(scheme, **identity)
    files = [f for f in (identity["identity_document"], identity["sealed_letter"], *evidence) if f]
    return identity, [(f, check_evidence_file(f)) for f in files], _due(scheme, now)


def _due(scheme, now):
    try:
        return objection_due(scheme, now)
    except UnknownCalendarYear:
        # Never refuse a citizen's objection over the office's calendar; staff see no due date.
        return None


def objection_file(
    notice: Notice,
    *,
    entry: NoticeEntry,
    kind: str,
    content: str,
    name: str = "",
    phone: str = "",
    address: str = "",
    email: str = "",
    id_number: str = "",
    identity_document=None,
    sealed_letter=None,
    evidence=(),
    now: datetime.datetime | None = None,
) -> Objection:
    """File an objection (异议) to one listed applicant while the notice runs; anyone may.

    Refuses, storing nothing, an objection without the identity the scheme requires (with its
    article), after the notice has ended, or with files that are not PDFs or images. Tells the
    office's staff; writes ``objection.filed``. The objector follows it by its reference number.
    """
    now = now or timezone.now()
    scheme = notice.cycle.scheme
    identity, checked, due = _checked_filing(
        scheme,
        kind=kind,
        content=content,
        name=name,
        phone=phone,
        address=address,
        id_number=id_number,
        identity_document=identity_document,
        sealed_letter=sealed_letter,
        evidence=evidence,
        now=now,
    )
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",)).select_related("cycle__scheme__authority").get(pk=notice.pk)
        )
        if not notice.is_open_for_objections(now):
            raise PublicityError(_("This notice has ended; objections are no longer received."))
        entry = NoticeEntry.objects.select_related("application").get(pk=entry.pk, notice=notice)
        if entry.removed:
            raise PublicityError(_("This applicant has been removed from the list."))
        return _record(
            cycle=notice.cycle,
            scheme=scheme,
            article=scheme.objection_article,
            notice=notice,
            entry=entry,
            application=entry.application,
            content=content,
            email=email,
            checked=checked,
            due=due,
            now=now,
            **identity,
        )


def objection_file_any_time(
    cycle,
    *,
    kind: str,
    subject: str,
    content: str,
    application=None,
    name: str = "",
    phone: str = "",
    address: str = "",
    email: str = "",
    id_number: str = "",
    identity_document=None,
    sealed_letter=None,
    evidence=(),
    now: datetime.datetime | None = None,
) -> Objection:
    """File an objection to the acceptance or review work of a running cycle, outside any notice,
    where the scheme lets anyone object during the whole cycle (随州 第三十条, 兰州 第二十八条).

    It names what it concerns and, if it is about one, an applicant of the cycle, who is then
    held until it is decided. The same identity and files as on a notice are required; writes
    ``objection.filed`` citing the scheme's article.
    """
    now = now or timezone.now()
    scheme = cycle.scheme
    if not scheme.objection_any_time_article:
        raise PublicityError(_("Under this scheme objections are filed during a notice."))
    if cycle.state != CycleState.OPEN:
        raise PublicityError(_("This cycle has closed; objections are no longer received."))
    if not subject.strip():
        raise PublicityError(_("Say which work or which applicant you object to."))
    if application is not None and application.cycle_id != cycle.pk:
        raise PublicityError(_("That applicant is not in this cycle."))
    identity, checked, due = _checked_filing(
        scheme,
        kind=kind,
        content=content,
        name=name,
        phone=phone,
        address=address,
        id_number=id_number,
        identity_document=identity_document,
        sealed_letter=sealed_letter,
        evidence=evidence,
        now=now,
    )
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update(of=("self",)).select_related("scheme__authority").get(pk=cycle.pk)
        return _record(
            cycle=cycle,
            scheme=scheme,
            article=scheme.objection_any_time_article,
            application=application,
            subject=subject,
            content=content,
            email=email,
            checked=checked,
            due=due,
            now=now,
            **identity,
        )


def objection_add_note(objection: Objection, *, by, text: str) -> ObjectionNote:
    """Record a step of the investigation; writes ``objection.note``."""
    if not can_handle_objection(by, objection):
        raise PublicityError(_("You do not handle the objections of this authority."))
    if not text.strip():
        raise PublicityError(_("Write the note."))
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",)).select_related("cycle__scheme").get(pk=objection.pk)
        )
        if objection.status != ObjectionStatus.OPEN:
            raise PublicityError(_("This objection has been decided."))
        note = ObjectionNote.objects.create(objection=objection, author=by, text=text.strip())
        audit_record(
            actor=by,
            action="objection.note",
            summary=_("Investigation note on %(reference)s") % {"reference": objection.reference},
            target=objection,
            authority=objection.cycle.scheme.authority,
            reason=text.strip(),
        )
    return note


def objection_set_status(objection: Objection, status: str, **values) -> Objection:
    """The one place an objection's status changes: checks ``OBJECTION_TRANSITIONS``, saves the
    status and ``values``. The caller holds the row lock and writes the audit entry."""
    check_move(OBJECTION_TRANSITIONS, objection.status, status, choices=ObjectionStatus, error=PublicityError)
    objection.status = status
    for name, value in values.items():
        setattr(objection, name, value)
    objection.save(update_fields=["status", *values])
    return objection


def objection_decide(
    objection: Objection, *, by, finding: str, answer: str, now: datetime.datetime | None = None
) -> Objection:
    """Record the finding of an objection and answer the objector in writing.

    Where the scheme wants it (钦州 第二十条, 庆元 四(五)), an objection to the final notice is
    decided only after the investigation report and, for 钦州, every committee member's opinion.
    Upheld: a listed applicant is removed from the notice's list and, where its pipeline allows,
    its application is eliminated, both under the scheme's article. Unfounded: it stays on the
    list (Lanzhou 第二十九条). The answer is shown on the public status page and e-mailed to the
    objector when an address was given. Writes ``objection.upheld`` or ``objection.unfounded``.
    """
    now = now or timezone.now()
    if not can_handle_objection(by, objection):
        raise PublicityError(_("You do not handle the objections of this authority."))
    if finding not in FINDINGS:
        raise PublicityError(_("Choose whether the objection is upheld or unfounded."))
    if not answer.strip():
        raise PublicityError(_("Write the answer to the objector."))
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("cycle__scheme__authority", "notice__stage", "entry", "application")
            .get(pk=objection.pk)
        )
        if objection.status != ObjectionStatus.OPEN:
            raise PublicityError(_("This objection has already been decided."))
        if objection.application is not None:
            check_not_recused(objection.application, by=by, error=PublicityError)
        missing = missing_before_decision(objection)
        if missing:
            raise PublicityError(" ".join(missing))
        scheme = objection.cycle.scheme
        article = scheme.objection_window_article or scheme.objection_article or scheme.objection_any_time_article
        previous = objection.status
        objection_set_status(objection, finding, answer=answer.strip(), article=article, decided_at=now, decided_by=by)
        if objection.application is not None:
            application_release(
                objection.application,
                by=by,
                reference=objection.reference,
                reason=_("Objection %(reference)s: %(finding)s")
                % {"reference": objection.reference, "finding": ObjectionStatus(finding).label},
                article=article,
            )
        if finding == ObjectionStatus.UPHELD and objection.entry_id:
            _remove_entry(objection, by=by, now=now)
        audit_record(
            actor=by,
            action=f"objection.{finding}",
            summary=_("Objection %(reference)s to %(entry)s: %(finding)s")
            % {
                "reference": objection.reference,
                "entry": objection.concerns,
                "finding": ObjectionStatus(finding).label,
            },
            target=objection,
            authority=scheme.authority,
            from_state=previous,
            to_state=finding,
            article=article,
            reason=objection.answer,
            data={"opinions": objection.opinions.count()} if needs_committee(objection) else None,
        )
        if objection.email:
            transaction.on_commit(lambda pk=objection.pk: send_objection_answer.delay(objection_id=pk))
    return objection


def _remove_entry(objection: Objection, *, by, now) -> None:
    scheme = objection.cycle.scheme
    article = scheme.objection_article or scheme.objection_window_article or objection.notice.article
    entry = NoticeEntry.objects.select_for_update().get(pk=objection.entry_id)
    entry.removed, entry.removed_at, entry.removed_article = True, now, article
    entry.removed_reason = _("Objection %(reference)s upheld.") % {"reference": objection.reference}
    entry.save(update_fields=["removed", "removed_at", "removed_article", "removed_reason"])
    application = entry.application
    if ApplicationStatus.ELIMINATED in TRANSITIONS[application.status]:
        application_set_status(
            application,
            ApplicationStatus.ELIMINATED,
            by=by,
            article=article,
            reason=_("Removed from the notice “%(notice)s”: objection %(reference)s upheld.")
            % {"notice": objection.notice.title, "reference": objection.reference},
        )
