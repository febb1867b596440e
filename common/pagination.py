"""Lists are shown a page at a time (templates/_pagination.html keeps the other query parameters)."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, items, *, per_page: int = PAGE_SIZE, param: str = "page"):
    """The page of ``items`` the request asks for (the first for a missing or wrong number, the
    last beyond it). The count is the database's when ``items`` is a queryset."""
    return Paginator(items, per_page).get_page(request.GET.get(param))
