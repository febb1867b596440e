"""The cycle page names the stage that follows as the next stage, not the next page."""

import pytest
from django.urls import reverse

from cycles.enums import StageKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "said", "not_said"), [("zh-hans", "下一阶段", "下一页"), ("en", "Next stage", ">Next<")]
)
def test_cycle_page_heads_the_following_stage_as_next_stage(client, scheme, staff, language, said, not_said):
    cycle = factories.cycle_at(scheme, StageKind.ELIGIBILITY)
    client.force_login(staff)

    page = client.get(reverse("pipeline:cycle", args=[cycle.pk]), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'<h2 class="h6 text-muted">{said}</h2>' in page
    assert not_said not in page
