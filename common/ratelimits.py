"""Rate limits on the forms anyone may post without an account: login, password reset, registration
and objections (django-ratelimit's counters, kept in the cache: Redis when configured).

Each limited view counts its POSTs twice, by the client's address (``common.http.client_ip``) and by
its target (the username, the e-mail address, the notice objected to), with the rates of
``settings.RATE_LIMITS[group]``. The address limit stops one machine; the target limit stops many
machines aiming at one account or one notice. A target limit is a short window that ends by itself,
so whoever fills it holds an account back for minutes at most, never locks it (django-axes's lock-out
is per username and address). Over a limit the view answers HTTP 429 with a page in the user's
language (Chinese by default) saying when to try again.
"""

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage

from .http import client_ip


def post_field(name: str):
    """A target: the value posted in ``name``, trimmed and lower-cased (``Admin`` and ``admin `` are one)."""

    def target(request, **view_kwargs) -> str:
        return request.POST.get(name, "").strip().lower()

    return target


def url_argument(name: str):
    """A target: the view's URL argument ``name`` (a notice's id)."""

    def target(request, **view_kwargs) -> str:
        return str(view_kwargs[name])

    return target


def rate_limited(group: str, *, target):
    """Answer a POST to the decorated view with 429 once either limit of ``RATE_LIMITS[group]`` is passed."""

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method == "POST":
                wait = _seconds_to_wait(request, group, target(request, **kwargs))
                if wait:
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return limited

    return decorator


def _seconds_to_wait(request, group: str, target_value: str) -> int:
    rates = settings.RATE_LIMITS[group]
    counters = [(f"{group}:ip", client_ip(request), rates["ip"])]
    if target_value:
        counters.append((f"{group}:target", target_value, rates["target"]))
    wait = 0
    for counter, value, rate in counters:  # count on every counter, even once one is over
        usage = get_usage(
            request, group=counter, key=lambda _group, _request, value=value: value, rate=rate, increment=True
        )
        if usage is not None and usage["should_limit"]:
            wait = max(wait, usage["time_left"], 1)
    return wait


def too_many_requests(request, wait: int):
    minutes = max(1, -(-wait // 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response
