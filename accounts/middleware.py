"""An idle session ends: staff, reviewers, committee members, supervisors and departments are logged
out after ``SESSION_IDLE_MINUTES`` without a request, applicants after ``SESSION_IDLE_MINUTES_APPLICANT``
(they write long reports, and the autosave counts as activity). Superusers count as staff."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from .enums import Role

LAST_ACTIVITY = "last_activity"
# The session is written at most this often just to record activity.
TOUCH_SECONDS = 60


def idle_limit(user) -> int:
    """Seconds of inactivity after which ``user``'s session ends."""
    if user.role == Role.APPLICANT and not user.is_superuser and not user.is_staff:
        return settings.SESSION_IDLE_MINUTES_APPLICANT * 60
    return settings.SESSION_IDLE_MINUTES * 60


def last_activity(request) -> int | None:
    """When this session last made a request: its own stamp, or the login itself (``last_login``, which
    Django records on every login) until the first stamp is written."""
    stamp = request.session.get(LAST_ACTIVITY)
    if stamp is None and request.user.last_login is not None:
        stamp = int(request.user.last_login.timestamp())
    return stamp


class IdleSessionTimeoutMiddleware:
    """Comes after the authentication and message middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = int(time.time())
        if request.user.is_authenticated:
            last = last_activity(request)
            limit = idle_limit(request.user)
            if last is not None and now - last > limit:
                logout(request)
                messages.warning(
                    request,
                    _("You were logged out after %(minutes)s minutes without activity. Please log in again.")
                    % {"minutes": limit // 60},
                )
        response = self.get_response(request)
        if request.user.is_authenticated:
            last = last_activity(request)
            if last is None or now - last >= TOUCH_SECONDS:
                request.session[LAST_ACTIVITY] = now
        return response
