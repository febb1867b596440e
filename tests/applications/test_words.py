"""What the applicant reads: only the calls it may answer, and a read-only report that says so."""

import pytest
from django.urls import reverse

from cycles.enums import ApplicantKind
from cycles.models import Category
from tests import factories
from tests.applications.dossier_support import make_organisation, open_cycle, past, start

pytestmark = pytest.mark.django_db


def _with_individuals(scheme):
    Category.objects.create(
        scheme=scheme,
        code="individual",
        name="个人",
        applicant_kind=ApplicantKind.INDIVIDUAL,
        rubric=scheme.categories.get().rubric,
        order=1,
    )
    return scheme


def _calls(client, user):
    client.force_login(user)
    response = client.get(reverse("applications:my-applications"))
    assert response.status_code == 200
    return [(call["cycle"].scheme.code, call["category"].code) for call in response.context["calls"]]


def test_applicant_of_one_city_is_offered_only_its_awards(client, applicant, authority, other_authority, district):
    open_cycle(_with_individuals(factories.make_scheme(authority, code="suizhou")))
    open_cycle(_with_individuals(factories.make_scheme(other_authority, code="jinzhong")))
    make_organisation(district, members=[applicant])

    assert _calls(client, applicant) == [("suizhou", "organisation"), ("suizhou", "individual")]


def test_individual_registered_nowhere_is_offered_every_call_for_individuals(
    client, applicant, authority, other_authority
):
    open_cycle(factories.make_scheme(authority, code="suizhou"))
    open_cycle(_with_individuals(factories.make_scheme(other_authority, code="jinzhong")))

    assert _calls(client, applicant) == [("jinzhong", "individual")]


def test_individual_who_applied_in_a_city_is_offered_that_city_only(client, applicant, authority, other_authority):
    jinzhong = open_cycle(_with_individuals(factories.make_scheme(other_authority, code="jinzhong")))
    open_cycle(_with_individuals(factories.make_scheme(authority, code="suizhou")))
    district = factories.DistrictFactory(authority=other_authority, name="榆次区")
    individual = jinzhong.scheme.categories.get(code="individual")
    from_view = reverse("applications:application-start", args=[jinzhong.pk, individual.pk])
    client.force_login(applicant)
    client.post(from_view, {"district": district.pk})

    assert _calls(client, applicant) == [("jinzhong", "individual")]


def test_closed_calls_are_not_listed(client, applicant, authority, district):
    open_cycle(factories.make_scheme(authority, code="closed"), deadline=past())
    open_cycle(factories.make_scheme(authority, code="open"))
    make_organisation(district, members=[applicant])

    assert _calls(client, applicant) == [("open", "organisation")]


@pytest.mark.parametrize(
    ("language", "said", "not_said"),
    [
        ("zh-hans", "本报告已不能修改。", "自动保存"),
        ("en", "This report can no longer be changed.", "saved as you type"),
    ],
)
def test_read_only_report_does_not_promise_autosave(client, applicant, scheme, district, language, said, not_said):
    cycle = open_cycle(scheme)
    application = start(cycle, make_organisation(district, members=[applicant]), applicant)
    cycle.submission_deadline = past()
    cycle.save(update_fields=["submission_deadline"])
    client.force_login(applicant)

    page = client.get(reverse("applications:dossier-report", args=[application.pk]), HTTP_ACCEPT_LANGUAGE=language)

    assert said in page.content.decode()
    assert not_said not in page.content.decode()


@pytest.mark.parametrize(
    ("language", "said"),
    [("zh-hans", "请对照评分标准逐条撰写，输入内容会自动保存。"), ("en", "Your text is saved as you type.")],
)
def test_editable_report_promises_autosave(client, applicant, scheme, district, language, said):
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    client.force_login(applicant)

    page = client.get(reverse("applications:dossier-report", args=[application.pk]), HTTP_ACCEPT_LANGUAGE=language)

    assert said in page.content.decode()
