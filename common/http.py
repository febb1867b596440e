"""Facts about a request that several parts of the platform must agree on."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address, for login lock-outs and rate limits.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` proxies stand in front; then the address that the
    outermost trusted proxy saw, which it appended to ``X-Forwarded-For`` (a client may send that header
    itself, so only the entries the proxies appended are believed).
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
