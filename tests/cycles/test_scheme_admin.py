"""The office edits its schemes in the admin, and only its own."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from cycles.loader import load_schemes
from cycles.models import AwardScheme, Rubric
from tests.factories import make_scheme, make_staff

pytestmark = pytest.mark.django_db


def management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_scheme_form(authority, **overrides):
    data = {
        "authority": authority.pk,
        "code": "sixth-city",
        "name": "第六市质量奖",
        "regulation_title": "第六市质量奖管理办法",
        "regulation_reference": "六政发〔2026〕1号",
        "regulation_status": "in_force",
        "summary": "",
        "is_active": "on",
        "interval_years": "2",
        "interval_article": "第五条",
        "max_team_size": "1",
        "team_size_article": "",
        "correction_days": "5",
        "correction_unit": "working",
        "review_group_min": "3",
        "review_group_max": "5",
        "review_group_article": "第十条",
        "conflict_article": "",
        "confidentiality_article": "",
        "objection_article": "",
        "objection_identity_article": "",
        "objection_window_days": "",
        "objection_window_unit": "working",
        "objection_window_article": "",
        "committee_article": "第十九条",
        "committee_quorum_percent": "50",
        "committee_majority_percent": "50",
        "validity_years": "",
        "validity_article": "",
        "public_evaluation_article": "",
        "commend_onsite_article": "",
        **management("tiers", 1),
        "tiers-0-code": "award",
        "tiers-0-name": "第六市质量奖",
        "tiers-0-rank": "1",
        "tiers-0-quota": "4",
        "tiers-0-quota_article": "第四条",
        "tiers-0-may_stay_vacant": "on",
        "tiers-0-prize_first": "100000",
        "tiers-0-prize_repeat": "0",
        "tiers-0-prize_article": "第二十条",
        "tiers-0-repeat_counts_toward_quota": "on",
        "tiers-0-cooling_off_value": "3",
        "tiers-0-cooling_off_unit": "years",
        "tiers-0-cooling_off_article": "第十三条",
        **management("categories"),
        **management("stages", 2),
        "stages-0-order": "1",
        "stages-0-kind": "application",
        "stages-0-name": "申报",
        "stages-0-article": "第十五条",
        "stages-0-notice_unit": "working",
        "stages-0-planned_days": "30",
        "stages-1-order": "2",
        "stages-1-kind": "candidate_notice",
        "stages-1-name": "拟获奖名单公示",
        "stages-1-article": "第二十条",
        "stages-1-notice_days": "7",
        "stages-1-notice_unit": "calendar",
        "stages-1-planned_days": "14",
        **management("conditions"),
        **management("sanctions", 1),
        "sanctions-0-cause": "fraud",
        "sanctions-0-bar_value": "3",
        "sanctions-0-bar_unit": "years",
        "sanctions-0-consequence": "",
        "sanctions-0-article": "第二十五条",
    }
    data.update(overrides)
    return data


def test_scheme_admin_staff_creates_a_scheme_with_tier_and_stages(client, authority):
    client.force_login(make_staff(authority))
    assert client.get(reverse("admin:cycles_awardscheme_add")).status_code == 200
    response = client.post(reverse("admin:cycles_awardscheme_add"), new_scheme_form(authority))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    scheme = AwardScheme.objects.get(code="sixth-city")
    assert (scheme.authority, scheme.review_group_max, scheme.interval_years) == (authority, 5, 2)
    assert list(scheme.tiers.values_list("name", "quota", "quota_article", "cooling_off_value")) == [
        ("第六市质量奖", 4, "第四条", 3)
    ]
    assert list(scheme.stages.values_list("order", "kind", "notice_days", "notice_unit")) == [
        (1, "application", None, "working"),
        (2, "candidate_notice", 7, "calendar"),
    ]
    assert list(scheme.sanctions.values_list("cause", "bar_value", "article")) == [("fraud", 3, "第二十五条")]


def test_scheme_admin_notice_without_period_refused(client, authority):
    client.force_login(make_staff(authority))
    response = client.post(
        reverse("admin:cycles_awardscheme_add"), new_scheme_form(authority, **{"stages-1-notice_days": ""})
    )
    assert response.status_code == 200
    with override("zh-hans"):
        assert gettext("A notice stage needs its notice period.") in response.content.decode()
    assert not AwardScheme.objects.filter(code="sixth-city").exists()


def test_scheme_admin_staff_cannot_create_for_another_authority(client, authority, other_authority):
    client.force_login(make_staff(authority))
    response = client.post(reverse("admin:cycles_awardscheme_add"), new_scheme_form(other_authority))
    assert response.status_code == 200
    assert "authority" in response.context["adminform"].form.errors
    assert not AwardScheme.objects.filter(code="sixth-city").exists()


def test_scheme_admin_staff_sees_only_its_authoritys_schemes(client, scheme, other_scheme, authority):
    client.force_login(make_staff(authority))
    response = client.get(reverse("admin:cycles_awardscheme_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [scheme]
    assert client.get(reverse("admin:cycles_awardscheme_change", args=[scheme.pk])).status_code == 200


def test_scheme_admin_staff_cannot_open_or_change_another_authoritys_scheme(client, other_scheme, authority):
    client.force_login(make_staff(authority))
    url = reverse("admin:cycles_awardscheme_change", args=[other_scheme.pk])
    assert client.get(url).status_code == 302  # the admin's "does not exist" redirect
    response = client.post(url, new_scheme_form(other_scheme.authority, code=other_scheme.code, name="改名"))
    assert response.status_code == 302
    other_scheme.refresh_from_db()
    assert other_scheme.name != "改名"


def test_scheme_admin_category_offers_only_this_schemes_tiers(client, authority, other_authority):
    own = make_scheme(authority, code="own")
    foreign = make_scheme(other_authority, code="foreign")
    Rubric.objects.filter(categories__scheme=own).update(authority=authority)
    Rubric.objects.filter(categories__scheme=foreign).update(authority=other_authority)
    national = Rubric.objects.create(code="national", name="国家标准", standard="GB/T 19580")
    client.force_login(make_staff(authority))
    response = client.get(reverse("admin:cycles_awardscheme_change", args=[own.pk]))
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "categories")
    form = formset.formset.forms[0]
    assert list(form.fields["tiers"].queryset) == list(own.tiers.all())
    rubric_codes = {r.code for r in form.fields["rubric"].queryset}
    assert rubric_codes == {"own-rubric", national.code}


def test_scheme_admin_anonymous_redirected_to_login(client):
    response = client.get(reverse("admin:cycles_awardscheme_add"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_scheme_admin_applicant_denied(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("admin:cycles_awardscheme_add")).status_code == 302


def test_scheme_admin_shipped_scheme_opens_with_its_rules(client, db):

    load_schemes()
    suizhou = AwardScheme.objects.get(code="suizhou")
    client.force_login(make_staff(suizhou.authority))
    response = client.get(reverse("admin:cycles_awardscheme_change", args=[suizhou.pk]))
    assert response.status_code == 200
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert {prefix: len(formset.forms) for prefix, formset in formsets.items()} == {
        "tiers": 2,
        "categories": 1,
        "stages": 15,
        "conditions": 8,
        "sanctions": 2,
    }
    assert list(formsets["tiers"].forms[0].fields["prize_after_tier"].queryset) == list(suizhou.tiers.all())
    section = suizhou.categories.get().rubric.sections.get(number="4.7")
    response = client.get(reverse("admin:cycles_rubricsection_change", args=[section.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False  # the national standard is read-only for staff
