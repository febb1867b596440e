"""Who may prepare and publish notices, and who handles objections."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.enums import AuthorityPermission
from accounts.permissions import can_manage_authority, can_read_authority, departments_for
from cycles.enums import StageKind, StageStatus

from .enums import PUBLIC_NOTICE_STATES
from .models import Notice, Objection


def acts_for_department(user, department) -> bool:
    return department is not None and departments_for(user).filter(pk=department.pk).exists()


def can_publish_notice_at(user, stage, department=None) -> bool:
    """A county notice is the county office's own (Lanzhou 第十三条); every other one is the office's."""
    if not stage.is_notice or stage.status != StageStatus.CURRENT:
        return False
    if stage.kind == StageKind.COUNTY_NOTICE:
        return (
            department is not None
            and department.authority_id == stage.cycle.scheme.authority_id
            and acts_for_department(user, department)
        )
    return department is None and can_manage_authority(user, stage.cycle.scheme.authority)


def can_prepare_notice_at(user, stage, department=None) -> bool:
    """The office drafts every notice of its cycles, a county office's included (the office
    organises the cycle); a county office may also draft its own."""
    if not stage.is_notice or stage.status != StageStatus.CURRENT:
        return False
    if department is not None and department.authority_id != stage.cycle.scheme.authority_id:
        return False
    if stage.kind == StageKind.COUNTY_NOTICE and department is None:
        return False
    return can_manage_authority(user, stage.cycle.scheme.authority) or can_publish_notice_at(user, stage, department)


def can_manage_notice(user, notice) -> bool:
    if notice.department_id is not None:
        return acts_for_department(user, notice.department)
    return can_manage_authority(user, notice.cycle.scheme.authority)


def can_read_notice(user, notice) -> bool:
    return can_read_authority(user, notice.cycle.scheme.authority) or can_manage_notice(user, notice)


def can_handle_objection(user, objection) -> bool:
    return can_manage_authority(user, objection.cycle.scheme.authority)


def can_read_objection(user, objection) -> bool:
    return can_read_authority(user, objection.cycle.scheme.authority)


def is_committee_member(user, authority) -> bool:
    return user.is_authenticated and user.has_perm(AuthorityPermission.COMMITTEE, authority)


def get_notice_for_user(user, notice_id, *, manage=False) -> Notice:
    """A notice for those who read it (staff, supervisors, its county office) or, with ``manage``,
    for those who publish it; else 404."""
    notice = get_object_or_404(
        Notice.objects.select_related("cycle__scheme__authority", "stage", "department"), pk=notice_id
    )
    if not (can_manage_notice(user, notice) if manage else can_read_notice(user, notice)):
        raise Http404
    return notice


def get_objection_for_user(user, objection_id, *, handle=False) -> Objection:
    """An objection for the staff and supervisors of its authority or, with ``handle``, for the
    staff who examine it; else 404."""
    objection = get_object_or_404(
        Objection.objects.select_related("cycle__scheme__authority", "notice__stage", "entry", "application"),
        pk=objection_id,
    )
    if not (can_handle_objection(user, objection) if handle else can_read_objection(user, objection)):
        raise Http404
    return objection


def get_departments_for_user(user) -> list:
    """The departments ``user`` acts for; 404 for anyone who acts for none."""
    departments = list(departments_for(user).select_related("authority"))
    if not departments:
        raise Http404
    return departments


def get_public_notice(notice_id) -> Notice:
    """A published or ended notice, for anyone; a draft is not public (404)."""
    return get_object_or_404(
        Notice.objects.filter(status__in=PUBLIC_NOTICE_STATES).select_related(
            "cycle__scheme__authority", "department", "stage"
        ),
        pk=notice_id,
    )
