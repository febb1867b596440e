from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import can_manage_authority, can_read_authority

from .models import Cycle

# Editing the national working-day calendar (CalendarYear and CalendarDay); see CalendarYear.Meta.
CALENDAR_PERMISSION = "cycles.edit_working_day_calendar"


def can_edit_calendar(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(CALENDAR_PERMISSION)


def can_manage_cycle(user, cycle) -> bool:
    return can_manage_authority(user, cycle.scheme.authority)


def can_read_cycle(user, cycle) -> bool:
    return can_read_authority(user, cycle.scheme.authority)


def can_manage_scheme(user, scheme) -> bool:
    return can_manage_authority(user, scheme.authority)


def get_cycle_for_user(user, cycle_id, *, manage=False) -> Cycle:
    """The cycle, if the user is staff (or, for reading, a supervisor) of its authority; else 404."""
    cycle = get_object_or_404(Cycle.objects.select_related("scheme__authority"), pk=cycle_id)
    allowed = can_manage_cycle(user, cycle) if manage else can_read_cycle(user, cycle)
    if not allowed:
        raise Http404
    return cycle


def get_cycle_for_office(user, cycle_id):
    """The cycle for its authority's staff or supervisors, and whether the user acts on it; else 404."""
    cycle = get_object_or_404(Cycle.objects.select_related("scheme__authority"), pk=cycle_id)
    can_manage = can_manage_cycle(user, cycle)
    if not (can_manage or can_read_cycle(user, cycle)):
        raise Http404
    return cycle, can_manage
