"""What each role must do next: apps register providers that the home page asks.

A provider is ``provider(user) -> list[HomeTask]``; it must cost a constant number of queries.
Apps register theirs in ``AppConfig.ready()`` so that accounts imports none of them.
"""

from dataclasses import dataclass
from datetime import datetime

_providers = []


@dataclass(frozen=True)
class HomeTask:
    title: str
    url: str
    detail: str = ""
    due: datetime | None = None


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def tasks_for(user) -> list[HomeTask]:
    tasks = []
    for provider in _providers:
        tasks.extend(provider(user))
    return tasks
