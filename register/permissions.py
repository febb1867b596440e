"""Who keeps and who reads an authority's register: its staff keep it, its supervisors read it."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Authority
from accounts.permissions import can_manage_authority, can_read_authority


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
