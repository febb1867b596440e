"""The public and the office's lists of notices, listed applicants and objections: a page at a
time, objections filtered by status with the counts from the database, and a number of queries
that does not grow with the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import common.pagination
from common.pagination import StateCount
from cycles.enums import StageKind
from publicity.enums import ObjectionStatus
from publicity.models import Objection
from publicity.services.objections import objection_decide
from tests import factories

from .conftest import cycle_at, make_application, pdf
from .helpers import identified_objection, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(common.pagination, "PAGE_SIZE", 2)


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


def _list_and_publish(cycle, district, staff, count, start=0):
    for index in range(start, start + count):
        make_application(cycle, district, title=f"公司{index:02d}")
    return publish(cycle.stages.get(kind=StageKind.ACCEPTANCE_NOTICE), staff)


def test_public_notice_page_is_paginated_with_constant_queries(client, staff, authority, cycle, district):
    notice = _list_and_publish(cycle, district, staff, 3)
    url = reverse("publicity:public-detail", args=[notice.pk])
    small, response = _queries(client, url)
    assert [entry.display_name for entry in response.context["entries"]] == ["公司00", "公司01"]
    other = cycle_at(factories.make_scheme(authority, code="more"), StageKind.ACCEPTANCE_NOTICE)
    bigger = _list_and_publish(other, district, staff, 7)
    large, response = _queries(client, reverse("publicity:public-detail", args=[bigger.pk]), page=2)
    assert [entry.display_name for entry in response.context["entries"]] == ["公司02", "公司03"]
    assert response.context["entries"].paginator.count == 7
    assert "<td>3</td>" in response.content.decode()  # numbered across pages
    assert small == large == 3


def test_public_notices_list_is_paginated_with_constant_queries(client, staff, authority, district):
    counts = []
    for start, count in ((0, 2), (2, 4)):
        for index in range(start, start + count):
            cycle = cycle_at(factories.make_scheme(authority, code=f"award-{index}"), StageKind.ACCEPTANCE_NOTICE)
            _list_and_publish(cycle, district, staff, 1, start=index)
        queries, response = _queries(client, reverse("publicity:public-list"), page=2)
        counts.append(queries)
        assert response.context["notices"].paginator.count == start + count
    assert counts == [2, 2]


def test_objections_of_a_cycle_filtered_by_status_with_counts_and_constant_queries(client, staff, cycle, district):
    notice = _list_and_publish(cycle, district, staff, 2)
    client.force_login(staff)
    url = reverse("publicity:cycle", args=[cycle.pk])
    counts = []
    for total in (2, 5):
        while Objection.objects.count() < total:
            identified_objection(notice, evidence=[pdf("证据.pdf")])
        if total == 2:
            first = Objection.objects.order_by("pk").first()
            objection_decide(first, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="经调查，异议不成立。")
        queries, response = _queries(client, url, status=ObjectionStatus.OPEN)
        counts.append(queries)
        states = response.context["states"]
        assert states.chosen == ObjectionStatus.OPEN
        assert states.counts == [
            StateCount(ObjectionStatus.OPEN, ObjectionStatus.OPEN.label, total - 1),
            StateCount(ObjectionStatus.UNFOUNDED, ObjectionStatus.UNFOUNDED.label, 1),
        ]
        objections = response.context["objections"]
        assert objections.paginator.count == total - 1
        assert {o.status for o in objections} == {ObjectionStatus.OPEN}
    assert counts[0] == counts[1]


def test_notice_manage_pages_entries_and_objections_with_constant_queries(client, staff, cycle, district):
    notice = _list_and_publish(cycle, district, staff, 5)
    client.force_login(staff)
    url = reverse("publicity:manage", args=[notice.pk])
    counts = []
    for total in (1, 4):
        while Objection.objects.count() < total:
            identified_objection(notice, evidence=[pdf("证据.pdf")])
        queries, response = _queries(client, url, page=3, objections_page=2)
        counts.append(queries)
        assert [e.display_name for e in response.context["entries"]] == ["公司04"]
        assert response.context["objections"].paginator.count == total
    assert counts[0] == counts[1]
