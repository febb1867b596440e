"""The round page states a fixed group size as one number, in both languages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "said", "not_said"),
    [
        ("zh-hans", "评审组由3名评审员组成（第十九条）。", "3至3"),
        ("en", "A review group has 3 members (第十九条).", "3 to 3"),
    ],
)
def test_round_page_states_a_fixed_group_size_once(client, world, staff, language, said, not_said):
    client.force_login(staff)

    page = client.get(reverse("reviews:round", args=[world.round.pk]), HTTP_ACCEPT_LANGUAGE=language)

    assert page.status_code == 200
    assert said in page.content.decode()
    assert not_said not in page.content.decode()
