"""Middleware every app shares: domain errors as messages, and no caching of what is not public."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from . import health
from .errors import DomainError


class ReceivedAtMiddleware:
    """Stamps ``request.received_at`` as the request reaches Django, before anything else runs.

    A deadline is judged by when a request was accepted, never by when a busy server got round to
    its transaction: a submission accepted in the deadline's last second is on time however long it
    then waits for the database, and one accepted a moment after it is late however short the queue.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.received_at = timezone.now()
        return self.get_response(request)


class DomainErrorMiddleware:
    """A ``DomainError`` raised by a view becomes an error message and a redirect back.

    Back is the page the request came from when it is on this site, else the user's home. The
    service that raised changed nothing (it acts in one transaction), so the page shown again is
    the state as it is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        messages.error(request, str(exception))
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = resolve_url(settings.LOGIN_REDIRECT_URL)
        return redirect(back)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a logged-in user and on every file download.

    What a logged-in user sees may carry a dossier, a score or a ballot, and a file served as a download
    is evidence, a kept PDF or an export: neither a shared computer's browser cache nor a proxy may keep
    a copy. The rule is deliberately broad, so that no new page has to remember it; public pages seen
    without an account stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.has_header("Content-Disposition"):
            add_never_cache_headers(response)
        return response


class HealthCheckMiddleware:
    """Answers ``/health/`` (``common.health``) first of all, before the host check, the HTTPS redirect
    and sessions: a container's health check asks ``http://localhost:8000/health/``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == health.PATH and request.method in ("GET", "HEAD"):
            return health.health_response()
        return self.get_response(request)
