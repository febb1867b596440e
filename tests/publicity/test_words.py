"""The objection page cites the article of its outcome, and shows no empty brackets where the scheme has none."""

import pytest
from django.urls import reverse

from tests import factories

from .conftest import cycle_at, make_application, pdf
from .helpers import identified_objection, publish

pytestmark = pytest.mark.django_db


def _objection(authority, district, staff, **articles):
    scheme = factories.make_scheme(authority, code="award", objection_window_days=None, **articles)
    cycle = cycle_at(scheme, "acceptance_notice")
    make_application(cycle, district, title="随州市甲机械有限公司")
    notice = publish(cycle.stages.get(kind="acceptance_notice"), staff)
    return identified_objection(notice, evidence=[pdf("证据.pdf")])


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh-hans", "异议成立：该申报单位从名单中移除。异议不成立：不影响其继续参加评审（第三十条）。"),
        ("en", "Upheld: the applicant is removed from the list. Unfounded: it stays in (第三十条)."),
    ],
)
def test_outcome_cites_the_objection_article_when_the_scheme_sets_no_window(
    client, authority, district, staff, language, said
):
    objection = _objection(authority, district, staff, objection_article="第三十条")
    client.force_login(staff)

    page = client.get(reverse("publicity:objection-detail", args=[objection.pk]), HTTP_ACCEPT_LANGUAGE=language)

    assert said in page.content.decode()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh-hans", "异议成立：该申报单位从名单中移除。异议不成立：不影响其继续参加评审。"),
        ("en", "Upheld: the applicant is removed from the list. Unfounded: it stays in."),
    ],
)
def test_outcome_without_any_article_has_no_empty_brackets(client, authority, district, staff, language, said):
    objection = _objection(authority, district, staff)
    client.force_login(staff)

    page = client.get(reverse("publicity:objection-detail", args=[objection.pk]), HTTP_ACCEPT_LANGUAGE=language)

    content = page.content.decode()
    assert said in content
    assert "（）" not in content
    assert "()" not in content
