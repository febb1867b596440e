"""A task on a person's home page: what to do next, where, and by when.

Each app writes the provider of its tasks; ``pipeline.home`` lists them all.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class HomeTask:
    title: str
    url: str
    detail: str = ""
    due: datetime | None = None
