"""Lists are shown a page at a time, filtered by state, with their counts from the database.

``templates/_pagination.html`` shows the pages and ``templates/_state_filter.html`` the states with
their counts; both keep the request's other query parameters."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count

PAGE_SIZE = 50


def paginate(request, items, *, per_page: int | None = None, param: str = "page"):
    """The page of ``items`` the request asks for (the first for a missing or wrong number, the
    last beyond it), of ``per_page`` rows (``PAGE_SIZE`` unless given). The count is the database's when ``items`` is a queryset. The page carries
    the links to its neighbours (``previous_query``, ``next_query``), which keep the request's other
    query parameters, so that one page holds several lists each with its own ``param``."""
    page = Paginator(items, per_page or PAGE_SIZE).get_page(request.GET.get(param))
    page.previous_query = _query(request, param, page.previous_page_number()) if page.has_previous() else ""
    page.next_query = _query(request, param, page.next_page_number()) if page.has_next() else ""
    return page


def _query(request, param: str, number: int) -> str:
    query = request.GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


@dataclass(frozen=True)
class StateCount:
    value: str
    label: str
    count: int


def state_counts(queryset, field: str, choices) -> list[StateCount]:
    """How many rows of ``queryset`` are in each state of ``choices`` (a ``TextChoices``), counted by
    the database in one query, in the order of the choices; states without a row are left out."""
    counted = dict(queryset.order_by().values_list(field).annotate(count=Count("pk")).values_list(field, "count"))
    return [StateCount(value, label, counted[value]) for value, label in choices.choices if counted.get(value)]


@dataclass(frozen=True)
class StateFilter:
    chosen: str  # the state shown, "" for all
    counts: list[StateCount]

    @property
    def total(self) -> int:
        return sum(state.count for state in self.counts)


def state_filter(request, queryset, field: str, choices, *, param: str = "status"):
    """``queryset`` limited to the state the request names (all when it names none or an unknown
    one), with the ``StateFilter`` the partial shows: the state chosen and every state's count."""
    counts = state_counts(queryset, field, choices)
    chosen = request.GET.get(param, "")
    if chosen not in choices.values:
        chosen = ""
    if chosen:
        queryset = queryset.filter(**{field: chosen})
    return queryset, StateFilter(chosen, counts)
