"""Changes to an applicant's dossier: start an application, edit it, attach evidence, submit, withdraw."""

import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.permissions import department_users
from accounts.services import audit_record, notify
from cycles.enums import ApplicantKind, CycleState, StageKind, StageStatus

from ..enums import EDITABLE_STATES, ApplicationStatus
from ..models import Application, ApplicationForm, Evidence, ReportSection, TeamMember
from ..permissions import is_owner
from ..selectors import INDICATOR_KEYS, declaration_conditions, dossier_missing, dossier_size, indicator_years
from ..storage import detect_kind, sha256_of
from ..tasks import dossier_pdf_task
from .dossier_pdf import dossier_pdf_generate  # noqa: F401 -- kept importable from here, where callers find it
from .transitions import ApplicationError, application_set_status

# Before eligibility the applicant may still withdraw (the dossier stays, marked withdrawn).
WITHDRAWABLE_STATES = frozenset(
    {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED, ApplicationStatus.RECOMMENDED}
)
# Stages during which new applications are taken.
APPLICATION_STAGES = frozenset({StageKind.CALL, StageKind.APPLICATION})


def deadline_text(cycle) -> str:
    return formats.date_format(timezone.localtime(cycle.submission_deadline), "Y-m-d H:i")


def deadline_passed(cycle, now=None) -> bool:
    return (now or timezone.now()) > cycle.submission_deadline


def application_deadline(application) -> datetime.datetime:
    """Until when the applicant may change and submit its dossier: the call's deadline, or for an
    application returned for correction its correction deadline, when that is later (a return never
    shortens the time the call gives)."""
    deadline = application.cycle.submission_deadline
    if application.status == ApplicationStatus.RETURNED and application.correction_deadline:
        return max(deadline, application.correction_deadline)
    return deadline


def application_deadline_passed(application, now=None) -> bool:
    return (now or timezone.now()) > application_deadline(application)


def _deadline_refusal(application, *, submitting: bool) -> str:
    when = formats.date_format(timezone.localtime(application_deadline(application)), "Y-m-d H:i")
    if application.status == ApplicationStatus.RETURNED and application.correction_deadline:
        return _(
            "The correction deadline, %(deadline)s, has passed; the dossier can no longer be corrected or submitted again."
        ) % {"deadline": when}
    if submitting:
        return _("The submission deadline, %(deadline)s, has passed; the dossier cannot be submitted.") % {
            "deadline": when
        }
    return _("The submission deadline, %(deadline)s, has passed; the dossier can no longer be changed.") % {
        "deadline": when
    }


def cycle_refusal(cycle) -> str | None:
    """Why ``cycle`` takes no new application now, or None when it does."""
    if cycle.state != CycleState.OPEN:
        return _("%(cycle)s is not open.") % {"cycle": cycle}
    if deadline_passed(cycle):
        return _("The submission deadline of %(cycle)s, %(deadline)s, has passed.") % {
            "cycle": cycle,
            "deadline": deadline_text(cycle),
        }
    current = next((s for s in cycle.stages.all() if s.status == StageStatus.CURRENT), None)
    if current is None or current.kind not in APPLICATION_STAGES:
        return _("%(cycle)s is not in its application stage.") % {"cycle": cycle}
    return None


def _require_owner(application, by):
    if not is_owner(by, application):
        raise ApplicationError(_("Only the applicant can change this dossier."))


def _require_editable(application):
    """The dossier is editable in draft or when returned for correction, and only before its deadline."""
    if application.status not in EDITABLE_STATES:
        raise ApplicationError(
            _("This dossier is “%(status)s” and can no longer be changed.")
            % {"status": ApplicationStatus(application.status).label}
        )
    if application_deadline_passed(application):
        raise ApplicationError(_deadline_refusal(application, submitting=False))


def _locked(application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("cycle__scheme__authority", "category", "organisation")
        .get(pk=application.pk)
    )


def application_start(*, by, cycle, category, organisation=None, district=None) -> Application:
    """Open a draft application of ``organisation`` (or of the individual ``by``) for ``cycle`` and ``category``."""
    refusal = cycle_refusal(cycle)
    if refusal:
        raise ApplicationError(refusal)
    if category.scheme_id != cycle.scheme_id:
        raise ApplicationError(_("This category is not one of %(scheme)s.") % {"scheme": cycle.scheme})
    authority = cycle.scheme.authority
    with transaction.atomic():
        if category.applicant_kind == ApplicantKind.ORGANISATION:
            if organisation is None or not organisation.members.filter(pk=by.pk).exists():
                raise ApplicationError(_("Choose an organisation you act for."))
            if organisation.district.authority_id != authority.pk:
                raise ApplicationError(
                    _("%(organisation)s is not in the region of %(authority)s.")
                    % {"organisation": organisation, "authority": authority}
                )
            if (
                Application.objects.select_for_update()
                .filter(cycle=cycle, organisation=organisation)
                .exclude(status=ApplicationStatus.WITHDRAWN)
                .exists()
            ):
                raise ApplicationError(
                    _("%(organisation)s already has an application in %(cycle)s.")
                    % {"organisation": organisation, "cycle": cycle}
                )
            title, district = organisation.name, organisation.district
        else:
            organisation = None
            if district is None or district.authority_id != authority.pk:
                raise ApplicationError(_("Choose the county or district you apply from."))
            title = by.display_name or by.username
        application = Application.objects.create(
            cycle=cycle,
            category=category,
            organisation=organisation,
            owner=by,
            district=district,
            title=title,
        )
        ApplicationForm.objects.create(application=application)
        audit_record(
            actor=by,
            action="application.created",
            summary=_("Started an application: %(application)s") % {"application": application},
            target=application,
            authority=authority,
            to_state=application.status,
        )
    return application


def application_form_save(application, *, by, data: dict) -> ApplicationForm:
    """Save the application form: basic facts, indicators ``{year: {key: value}}``, declarations ``{id: bool}``."""
    with transaction.atomic():
        application = _locked(application)
        _require_owner(application, by)
        _require_editable(application)
        form, _created = ApplicationForm.objects.get_or_create(application=application)
        for name in ("legal_representative", "employees", "main_business", "profile", "certifications"):
            if name in data:
                setattr(form, name, data[name])
        if "indicators" in data:
            years = {str(year) for year in indicator_years(application.cycle)}
            form.indicators = {
                str(year): {
                    key: str(value) for key, value in values.items() if key in INDICATOR_KEYS and value is not None
                }
                for year, values in data["indicators"].items()
                if str(year) in years
            }
        if "declarations" in data:
            allowed = {str(c.pk) for c in declaration_conditions(application)}
            form.declarations = {str(k): bool(v) for k, v in data["declarations"].items() if str(k) in allowed}
        form.save()
        audit_record(
            actor=by,
            action="application.form_saved",
            summary=_("Saved the application form of %(application)s") % {"application": application},
            target=application,
            authority=application.cycle.scheme.authority,
        )
    return form


def team_set(application, *, by, members: list[dict]) -> list[TeamMember]:
    """Replace the individuals of an individual or team application; at most the scheme's team size."""
    with transaction.atomic():
        application = _locked(application)
        _require_owner(application, by)
        _require_editable(application)
        scheme = application.cycle.scheme
        if application.category.applicant_kind != ApplicantKind.INDIVIDUAL:
            raise ApplicationError(_("Only an application by individuals has team members."))
        if not members:
            raise ApplicationError(_("Name at least one individual."))
        limit = application.category.max_team_size
        if len(members) > limit:
            raise ApplicationError(
                _("A team has at most %(max)s members under %(category)s (%(article)s).")
                % {"max": limit, "category": application.category.name, "article": scheme.team_size_article}
            )
        application.team_members.all().delete()  # a draft's team is re-entered whole; the application stays
        created = TeamMember.objects.bulk_create(
            [TeamMember(application=application, order=index, **member) for index, member in enumerate(members, 1)]
        )
        title = "、".join(m["name"] for m in members)[:200]
        Application.objects.filter(pk=application.pk).update(title=title)
        audit_record(
            actor=by,
            action="application.team_saved",
            summary=_("Team of %(application)s: %(names)s") % {"application": application, "names": title},
            target=application,
            authority=scheme.authority,
        )
    return created


def report_section_save(application, *, by, item, text: str, is_trade_secret: bool | None = None) -> ReportSection:
    """Save the report on one rubric item (called by autosave as the applicant types)."""
    with transaction.atomic():
        application = _locked(application)
        _require_owner(application, by)
        _require_editable(application)
        if item.section.rubric_id != application.category.rubric_id:
            raise ApplicationError(_("This item is not in the rubric of the application's category."))
        section, _created = ReportSection.objects.select_for_update().get_or_create(application=application, item=item)
        section.text = text
        if is_trade_secret is not None:
            section.is_trade_secret = is_trade_secret
        section.save()
    return section


def evidence_add(
    application, *, by, uploaded, item=None, description: str = "", is_trade_secret: bool = False
) -> Evidence:
    """Store an evidence file after checking its type from its bytes and the per-file and per-dossier caps."""
    max_file = settings.EVIDENCE_MAX_FILE_SIZE
    if uploaded.size > max_file:
        raise ApplicationError(
            _("%(name)s is %(size)s; a file may be at most %(max)s.")
            % {
                "name": uploaded.name,
                "size": formats.number_format(round(uploaded.size / 1048576, 1)) + " MB",
                "max": formats.number_format(round(max_file / 1048576, 1)) + " MB",
            }
        )
    kind = detect_kind(uploaded)
    if kind is None:
        raise ApplicationError(
            _("%(name)s is not a PDF, PNG or JPEG image, Word or Excel file (judged from its content).")
            % {"name": uploaded.name}
        )
    checksum = sha256_of(uploaded)
    with transaction.atomic():
        application = _locked(application)
        _require_owner(application, by)
        _require_editable(application)
        if item is not None and item.section.rubric_id != application.category.rubric_id:
            raise ApplicationError(_("This item is not in the rubric of the application's category."))
        used = dossier_size(application)
        if used + uploaded.size > settings.EVIDENCE_MAX_DOSSIER_SIZE:
            raise ApplicationError(
                _("The evidence of a dossier may total at most %(max)s; %(used)s is used.")
                % {
                    "max": formats.number_format(round(settings.EVIDENCE_MAX_DOSSIER_SIZE / 1048576, 1)) + " MB",
                    "used": formats.number_format(round(used / 1048576, 1)) + " MB",
                }
            )
        evidence = Evidence(
            application=application,
            item=item,
            original_name=(uploaded.name or "file")[-200:],
            description=description,
            kind=kind,
            size=uploaded.size,
            sha256=checksum,
            is_trade_secret=is_trade_secret,
            uploaded_by=by,
        )
        uploaded.seek(0)
        evidence.file.save("upload", uploaded, save=False)
        evidence.save()
        audit_record(
            actor=by,
            action="evidence.added",
            summary=_("Evidence file no. %(number)s added to %(application)s")  # never its name: 兰州 第十一条
            % {"number": evidence.pk, "application": application},
            target=application,
            authority=application.cycle.scheme.authority,
            data={"sha256": checksum, "size": uploaded.size, "kind": kind, "trade_secret": is_trade_secret},
        )
    return evidence


def evidence_set_secret(evidence, *, by, is_trade_secret: bool) -> Evidence:
    with transaction.atomic():
        application = _locked(evidence.application)
        _require_owner(application, by)
        _require_editable(application)
        Evidence.objects.filter(pk=evidence.pk).update(is_trade_secret=is_trade_secret)
        evidence.is_trade_secret = is_trade_secret
    return evidence


def application_submit(application, *, by, at: datetime.datetime | None = None) -> Application:
    """Submit a complete dossier before the deadline; it becomes read-only and its PDF is kept.

    ``at`` is when the request was accepted (``request.received_at``, now by default): the deadline
    is judged by it, and it is the submission's time, however long the request then waited. Locks
    the application's own row only. Writes the audit entry and notifies the applicant through
    ``application_set_status``; the kept PDF is rendered after commit by the ``pdf.dossier`` task,
    so no PDF is rendered while anything is locked.
    """
    at = at or timezone.now()
    with transaction.atomic():
        locked = _locked(application)
        _require_owner(locked, by)
        if application_deadline_passed(locked, at):
            raise ApplicationError(_deadline_refusal(locked, submitting=True))
        if locked.status not in EDITABLE_STATES:
            raise ApplicationError(
                _("This dossier is “%(status)s” and cannot be submitted.")
                % {"status": ApplicationStatus(locked.status).label}
            )
        missing = dossier_missing(locked)
        if missing:
            raise ApplicationError(
                _("The dossier is not complete: %(missing)s") % {"missing": " ".join(missing[:5])}
                + (_(" (and %(count)s more)") % {"count": len(missing) - 5} if len(missing) > 5 else "")
            )
        application_set_status(locked, ApplicationStatus.SUBMITTED, by=by, at=at)
        _tell_departments(locked)
        # robust: a broker that is down must not undo the answer to a submission that has committed.
        transaction.on_commit(
            partial(dossier_pdf_task.delay, application_id=locked.pk, submitted_at=locked.submitted_at.isoformat()),
            robust=True,
        )
    application.status, application.submitted_at = locked.status, locked.submitted_at
    return application


def _tell_departments(application) -> None:
    """Where the scheme has its applications recommended, the departments of the applicant's
    district are told that a dossier awaits them."""
    if not application.cycle.stages.filter(kind=StageKind.RECOMMENDATION).exists():
        return
    departments = application.district.departments.filter(authority_id=application.cycle.scheme.authority_id)
    notify(
        recipients=department_users(departments),
        subject=_("A dossier awaits your recommendation: %(application)s") % {"application": application.title},
        body=_("Check it and recommend it, or return it for correction, while the recommendation stage runs."),
        url=reverse("applications:recommendation-detail", args=[application.pk]),
    )


def application_withdraw(application, *, by, reason: str) -> Application:
    """Withdraw before eligibility; the dossier is kept, marked withdrawn."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the application is withdrawn."))
    with transaction.atomic():
        locked = _locked(application)
        _require_owner(locked, by)
        if locked.status not in WITHDRAWABLE_STATES:
            raise ApplicationError(
                _("An application that is “%(status)s” can no longer be withdrawn.")
                % {"status": ApplicationStatus(locked.status).label}
            )
        application_set_status(locked, ApplicationStatus.WITHDRAWN, by=by, reason=reason)
    application.status = locked.status
    return application
