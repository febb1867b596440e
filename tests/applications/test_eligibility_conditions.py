"""One form records every condition of an application that staff tick; each is audited with its article."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import AuditEntry
from applications.eligibility import services
from applications.enums import ApplicationStatus
from applications.errors import ApplicationError
from applications.models import EligibilityReview
from applications.models.eligibility import ConditionOutcome
from cycles.enums import ConditionCheck, StageKind
from cycles.models import EligibilityCondition
from tests import factories
from tests.applications import eligibility_support as support


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def lanzhou(other_authority):
    scheme = support.lanzhou_rules(factories.make_scheme(other_authority, code="lanzhou-conditions"))
    EligibilityCondition.objects.create(
        scheme=scheme, order=5, check_kind=ConditionCheck.JUDGMENT, text="近3年未发生亏损", article="第十条第（四）项"
    )
    district = factories.DistrictFactory(authority=other_authority, name="城关区")
    cycle = support.open_cycle(scheme, at=StageKind.ELIGIBILITY, name="第三届", year=2026)
    return {"scheme": scheme, "district": district, "cycle": cycle}


@pytest.fixture
def application(lanzhou, applicant):
    organisation = support.make_organisation(lanzhou["district"], registered_on=datetime.date(2019, 3, 1))
    return support.make_application(
        lanzhou["cycle"],
        owner=applicant,
        district=lanzhou["district"],
        organisation=organisation,
        status=ApplicationStatus.RECOMMENDED,
    )


@pytest.fixture
def review(application, other_staff):
    return services.eligibility_evaluate(application, by=other_staff)


def radio(page, name, value):
    """The tag of the radio button ``name`` = ``value`` on ``page``."""
    tags = [tag for tag in re.findall(r"<input[^>]*>", page) if f'name="{name}"' in tag and f'value="{value}"' in tag]
    assert len(tags) == 1
    return tags[0]


def judgments(review):
    return list(review.results.filter(check_kind=ConditionCheck.JUDGMENT).order_by("order"))


def outcomes(review):
    return [(r.article, r.outcome, r.note) for r in judgments(review)]


def test_conditions_judge_records_every_condition_and_audits_each_with_its_article(review, application, other_staff):
    incidents, losses = judgments(review)
    recorded = services.conditions_judge(
        application, by=other_staff, judgments={incidents.pk: (True, "无事故"), losses.pk: (False, "2024年亏损")}
    )
    assert [r.pk for r in recorded] == [incidents.pk, losses.pk]
    assert outcomes(review) == [
        ("第十条第（六）项", ConditionOutcome.MET, "无事故"),
        ("第十条第（四）项", ConditionOutcome.NOT_MET, "2024年亏损"),
    ]
    entries = AuditEntry.objects.filter(action="eligibility.condition_checked").order_by("pk")
    assert [(e.article, e.from_state, e.to_state, e.reason) for e in entries] == [
        ("第十条第（六）项", ConditionOutcome.UNCHECKED, ConditionOutcome.MET, "无事故"),
        ("第十条第（四）项", ConditionOutcome.UNCHECKED, ConditionOutcome.NOT_MET, "2024年亏损"),
    ]


def test_conditions_judge_records_nothing_when_one_not_met_has_no_note(review, application, other_staff):
    incidents, losses = judgments(review)
    with pytest.raises(ApplicationError, match="说明"):
        services.conditions_judge(
            application, by=other_staff, judgments={incidents.pk: (True, ""), losses.pk: (False, " ")}
        )
    assert [outcome for _article, outcome, _note in outcomes(review)] == [ConditionOutcome.UNCHECKED] * 2
    assert not AuditEntry.objects.filter(action="eligibility.condition_checked").exists()


def test_conditions_judge_does_not_record_an_unchanged_tick_again(review, application, other_staff):
    incidents, losses = judgments(review)
    services.conditions_judge(application, by=other_staff, judgments={incidents.pk: (True, "无事故")})
    recorded = services.conditions_judge(
        application, by=other_staff, judgments={incidents.pk: (True, "无事故"), losses.pk: (True, "")}
    )
    assert [r.pk for r in recorded] == [losses.pk]
    assert AuditEntry.objects.filter(action="eligibility.condition_checked").count() == 2


def test_conditions_judge_refuses_a_condition_of_another_application(review, application, other_staff, lanzhou):
    other = support.make_application(
        lanzhou["cycle"],
        owner=factories.UserFactory(),
        district=lanzhou["district"],
        organisation=support.make_organisation(lanzhou["district"], registered_on=datetime.date(2018, 1, 1)),
        status=ApplicationStatus.RECOMMENDED,
    )
    foreign = judgments(services.eligibility_evaluate(other, by=other_staff))[0]
    with pytest.raises(ApplicationError):
        services.conditions_judge(application, by=other_staff, judgments={foreign.pk: (True, "")})
    assert judgments(EligibilityReview.objects.get(application=other))[0].outcome == ConditionOutcome.UNCHECKED


def test_conditions_judge_refuses_an_automatic_condition(review, application, other_staff):
    automatic = review.results.get(check_kind=ConditionCheck.YEARS_OPERATING)
    incidents = judgments(review)[0]
    with pytest.raises(ApplicationError):
        services.conditions_judge(
            application, by=other_staff, judgments={incidents.pk: (True, ""), automatic.pk: (False, "x")}
        )
    assert outcomes(review)[0][1] == ConditionOutcome.UNCHECKED


def test_one_post_records_every_condition_ticked(client, review, application, other_staff):
    incidents, losses = judgments(review)
    client.force_login(other_staff)
    response = client.post(
        reverse("applications:eligibility-judge", args=[application.pk]),
        {f"r{incidents.pk}-met": "1", f"r{incidents.pk}-note": "", f"r{losses.pk}-met": "1"},
    )
    assert response.status_code == 302
    assert [outcome for _article, outcome, _note in outcomes(review)] == [ConditionOutcome.MET] * 2


def test_a_post_with_one_reason_missing_records_nothing_and_keeps_every_tick(client, review, application, other_staff):
    incidents, losses = judgments(review)
    client.force_login(other_staff)
    response = client.post(
        reverse("applications:eligibility-judge", args=[application.pk]),
        {f"r{incidents.pk}-met": "1", f"r{incidents.pk}-note": "无事故", f"r{losses.pk}-met": "0"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "未记录任何条件" in page
    assert "checked" in radio(page, f"r{incidents.pk}-met", "1")
    assert "checked" in radio(page, f"r{losses.pk}-met", "0")
    assert "checked" not in radio(page, f"r{losses.pk}-met", "1")
    assert "无事故" in page
    assert [outcome for _article, outcome, _note in outcomes(review)] == [ConditionOutcome.UNCHECKED] * 2


def test_a_post_with_nothing_ticked_is_refused(client, review, application, other_staff):
    client.force_login(other_staff)
    response = client.post(reverse("applications:eligibility-judge", args=[application.pk]), {})
    assert response.status_code == 400
    assert "请至少勾选一项条件" in response.content.decode()


def test_the_review_page_has_one_form_for_every_condition(client, review, application, other_staff):
    client.force_login(other_staff)
    page = client.get(reverse("applications:eligibility-review", args=[application.pk])).content.decode()
    action = reverse("applications:eligibility-judge", args=[application.pk])
    assert page.count(f'action="{action}"') == 1
    for result in judgments(review):
        assert f'name="r{result.pk}-met"' in page


def test_judging_is_denied_to_the_applicant_and_another_authority(client, review, application, applicant, staff):
    incidents = judgments(review)[0]
    url = reverse("applications:eligibility-judge", args=[application.pk])
    for user in (applicant, staff):
        client.force_login(user)
        assert client.post(url, {f"r{incidents.pk}-met": "1"}).status_code == 404
    assert judgments(review)[0].outcome == ConditionOutcome.UNCHECKED
