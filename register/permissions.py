"""Who keeps and who reads the register: an authority's staff keep it, its supervisors read it."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Authority
from accounts.permissions import can_manage_authority, can_read_authority

from .models import AwardRecord


def can_manage_register(user, authority) -> bool:
    return can_manage_authority(user, authority)


def can_read_register(user, authority) -> bool:
    return can_read_authority(user, authority)


def get_register_authority_for_user(user, authority_id, *, manage=False) -> Authority:
    """The authority whose register ``user`` keeps (or, for reading, supervises); else 404."""
    authority = get_object_or_404(Authority, pk=authority_id)
    allowed = can_manage_register(user, authority) if manage else can_read_register(user, authority)
    if not allowed:
        raise Http404
    return authority


def get_record_for_office(user, pk, *, manage=False):
    """An award record for the staff (who act on it) or, reading, the supervisors of its
    authority. Returns the record and whether the user acts on it; 404 otherwise."""
    record = get_object_or_404(AwardRecord.objects.select_related("scheme__authority", "tier", "cycle"), pk=pk)
    can_manage = can_manage_register(user, record.scheme.authority)
    if not (can_manage or (not manage and can_read_register(user, record.scheme.authority))):
        raise Http404
    return record, can_manage
