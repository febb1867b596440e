"""Registration, anyone's first write, is rate-limited by address and by the username asked for."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.applications.test_registration import registration_data
from tests.ratelimit_support import ELSEWHERE, assert_limited, rates

pytestmark = pytest.mark.django_db


def test_registration_limited_by_address(client, settings, district):
    rates(settings, "registration", ip="2/h", target="100/h")
    url = reverse("applications:register")
    for username in ("first", "second"):
        client.post(url, registration_data(district, **{"account-username": username, "account-password2": "x"}))
    assert_limited(client.post(url, registration_data(district, **{"account-username": "third"})))
    assert not get_user_model().objects.filter(username="third").exists()


def test_individual_registration_limited_by_username(client, settings):
    rates(settings, "registration", ip="100/h", target="2/h")
    url = reverse("applications:register-individual")
    data = {"account-username": "lizhiliang", "account-display_name": "李质量", "account-password1": "x"}
    for ip in ELSEWHERE[:2]:
        assert client.post(url, data, REMOTE_ADDR=ip).status_code == 200
    assert_limited(client.post(url, data, REMOTE_ADDR=ELSEWHERE[2]))
