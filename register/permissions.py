from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import can_manage_authority, can_read_authority

from .models import AwardRecord


def get_record_for_office(user, pk, *, manage=False):
    """An award record for the staff (who act on it) or, reading, the supervisors of its
    authority. Returns the record and whether the user acts on it; 404 otherwise."""
    record = get_object_or_404(AwardRecord.objects.select_related("scheme__authority", "tier", "cycle"), pk=pk)
    can_manage = can_manage_authority(user, record.scheme.authority)
    if not (can_manage or (not manage and can_read_authority(user, record.scheme.authority))):
        raise Http404
    return record, can_manage
