"""Anonymous objections are rate-limited by address and by notice, and their attachments are limited
in number and total size."""

import pytest
from django.urls import reverse

from publicity.models import Objection
from tests.ratelimit_support import ELSEWHERE, assert_limited, rates

from .conftest import pdf, png
from .helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(staff, notice_stage, listed):
    return publish(notice_stage, staff)


def objection_data(notice, **overrides):
    return {
        "entry": notice.entries.order_by("order").first().pk,
        "kind": "individual",
        "name": "王建国",
        "phone": "13800000000",
        "address": "兰州市城关区",
        "id_number": "620102198001010011",
        "identity_document": png("身份证.png"),
        "content": "该单位存在问题。",
        **overrides,
    }


def test_objections_limited_by_address(client, settings, notice):
    rates(settings, "objection", ip="2/h", target="100/h")
    url = reverse("publicity:object", args=[notice.pk])
    assert [client.post(url, objection_data(notice)).status_code for _ in range(2)] == [302, 302]
    assert_limited(client.post(url, objection_data(notice)))
    assert Objection.objects.count() == 2


def test_objections_limited_by_notice_across_addresses(client, settings, notice):
    rates(settings, "objection", ip="100/h", target="2/h")
    url = reverse("publicity:object", args=[notice.pk])
    for ip in ELSEWHERE[:2]:
        client.post(url, objection_data(notice), REMOTE_ADDR=ip)
    assert_limited(client.post(url, objection_data(notice), REMOTE_ADDR=ELSEWHERE[2]))
    assert Objection.objects.count() == 2


def test_objection_with_too_many_attachments_refused_with_a_form_error(client, settings, notice):
    settings.OBJECTION_MAX_FILES = 2
    url = reverse("publicity:object", args=[notice.pk])
    response = client.post(url, objection_data(notice, evidence=[pdf("a.pdf"), pdf("b.pdf"), png("c.png")]))
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"] == ["最多可附 2 个证据文件，您选择了 3 个。"]
    assert Objection.objects.count() == 0


def test_objection_attachments_too_large_together_refused_with_a_form_error(client, settings, notice):
    single = len(pdf().read())
    settings.OBJECTION_MAX_TOTAL_SIZE = 2 * single
    url = reverse("publicity:object", args=[notice.pk])
    response = client.post(url, objection_data(notice, evidence=[pdf("a.pdf"), pdf("b.pdf")]))
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert error.startswith("所附文件合计") and "总大小不得超过" in error
    assert Objection.objects.count() == 0


def test_objection_within_the_attachment_limits_is_filed(client, settings, notice):
    settings.OBJECTION_MAX_FILES = 2
    url = reverse("publicity:object", args=[notice.pk])
    client.post(url, objection_data(notice, evidence=[pdf("a.pdf"), png("b.png")]))
    assert Objection.objects.get().evidence.count() == 2
