"""Editions of the rulebook: a cycle keeps the rules it opened with, an office edit goes to a new
edition from the next cycle, or to the running cycle with a reason; shipped data never overwrites
the office, which adopts a newer shipped version difference by difference, or not."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import AuditEntry
from cycles import editions, loader
from cycles.enums import CycleState
from cycles.errors import CycleError
from cycles.loader import load_schemes
from cycles.models import AwardScheme, Cycle, Tier
from cycles.services import cycle_create
from pipeline.services import cycle_open
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def suizhou(db):
    load_schemes()
    return AwardScheme.objects.get(code="suizhou")


@pytest.fixture
def suizhou_staff(suizhou):
    return factories.make_staff(suizhou.authority, username="suizhou-staff")


@pytest.fixture
def other_staff(suizhou):
    """Staff of an authority that is not Suizhou's."""
    return factories.make_staff(factories.AuthorityFactory(), username="outsider")


def open_one(scheme, staff, *, name="第五届", year=None):
    return cycle_open(
        scheme,
        by=staff,
        name=name,
        year=year or timezone.localdate().year,
        call_text="通知",
        submission_deadline=factories.in_days(40),
        confirm_early=True,
    )


def award_quota(scheme):
    return Tier.objects.get(scheme=scheme, code="award").quota


def test_cycle_quota_unchanged_when_the_scheme_is_edited_while_it_runs(suizhou, suizhou_staff):
    cycle = open_one(suizhou, suizhou_staff)
    assert editions.is_locked(suizhou) is True

    second = editions.edition_start(suizhou, by=suizhou_staff, note="名额调整")
    tier = second.tiers.get(code="award")
    tier.quota = 2
    tier._history_user = suizhou_staff
    tier.save()

    cycle = Cycle.objects.get(pk=cycle.pk)
    assert (cycle.scheme.edition, award_quota(cycle.scheme)) == (1, 3)
    assert (editions.current_edition("suizhou").edition, award_quota(second)) == (2, 2)
    assert [d.key for d in editions.running_differences(cycle)] == ["tiers:award:quota"]
    # the copy holds every row of the edition it came from
    assert (second.stages.count(), second.conditions.count(), second.sanctions.count(), second.categories.count()) == (
        suizhou.stages.count(),
        suizhou.conditions.count(),
        suizhou.sanctions.count(),
        suizhou.categories.count(),
    )
    assert set(second.categories.get().tiers.values_list("scheme_id", flat=True)) == {second.pk}


def test_change_applied_to_the_running_cycle_with_a_reason_is_audited_with_old_and_new(suizhou, suizhou_staff):
    cycle = open_one(suizhou, suizhou_staff)
    second = editions.edition_start(suizhou, by=suizhou_staff)
    Tier.objects.filter(scheme=second, code="award").update(quota=2)

    with pytest.raises(CycleError):
        editions.cycle_rules_apply(cycle, by=suizhou_staff, keys=["tiers:award:quota"], reason=" ")
    chosen = editions.cycle_rules_apply(
        cycle, by=suizhou_staff, keys=["tiers:award:quota"], reason="市政府常务会议决定本届名额调整为2个"
    )

    assert [d.key for d in chosen] == ["tiers:award:quota"]
    assert award_quota(Cycle.objects.get(pk=cycle.pk).scheme) == 2
    entry = AuditEntry.objects.get(action="scheme.applied_to_cycle")
    assert (entry.actor, entry.reason, entry.from_state, entry.to_state) == (
        suizhou_staff,
        "市政府常务会议决定本届名额调整为2个",
        "1",
        "2",
    )
    assert entry.data == {
        "changes": [{"key": "tiers:award:quota", "label": "等次“编钟质量奖” · 每届名额", "old": "3", "new": "2"}]
    }
    record = Tier.history.filter(id=suizhou.tiers.get(code="award").pk).order_by("-history_date").first()
    assert (record.quota, record.history_user, record.history_change_reason) == (
        2,
        suizhou_staff,
        "市政府常务会议决定本届名额调整为2个",
    )
    assert editions.running_differences(Cycle.objects.get(pk=cycle.pk)) == []


def test_a_stage_order_cannot_reach_a_running_cycle(suizhou, suizhou_staff):
    cycle = open_one(suizhou, suizhou_staff)
    second = editions.edition_start(suizhou, by=suizhou_staff)
    second.stages.filter(kind="public_evaluation").update(order=99)
    key = "stages:public_evaluation:order"
    assert key in [d.key for d in editions.running_differences(cycle)]
    with pytest.raises(CycleError):
        editions.cycle_rules_apply(cycle, by=suizhou_staff, keys=[key], reason="调整")
    assert cycle.scheme.stages.get(kind="public_evaluation").order == 9


def test_next_cycle_opens_under_the_new_edition_and_never_under_a_superseded_one(suizhou, suizhou_staff):
    first = open_one(suizhou, suizhou_staff, name="第五届", year=2024)
    second = editions.edition_start(suizhou, by=suizhou_staff)
    Cycle.objects.filter(pk=first.pk).update(state=CycleState.CLOSED)
    with pytest.raises(CycleError):
        cycle_create(
            suizhou,
            by=suizhou_staff,
            name="第六届",
            year=2026,
            call_text="通知",
            submission_deadline=factories.in_days(30),
        )
    cycle = open_one(second, suizhou_staff, name="第六届", year=2026)
    assert cycle.scheme == second
    with pytest.raises(CycleError):  # one open cycle per scheme, whatever edition it runs under
        open_one(second, suizhou_staff, name="第七届")
    with pytest.raises(CycleError):
        open_one(second, suizhou_staff, name="第五届")


def test_only_staff_of_the_authority_start_an_edition(suizhou, other_staff):
    with pytest.raises(CycleError):
        editions.edition_start(suizhou, by=other_staff)
    assert AwardScheme.objects.filter(code="suizhou").count() == 1


def test_admin_shows_an_edition_in_use_read_only_and_starts_the_next(client, suizhou, suizhou_staff):
    open_one(suizhou, suizhou_staff)
    client.force_login(suizhou_staff)
    url = reverse("admin:cycles_awardscheme_change", args=[suizhou.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'id="start-new-edition"' in page.content.decode()
    assert client.post(url, {"name": "改名"}).status_code == 403

    response = client.post(reverse("admin:cycles_awardscheme_new_edition", args=[suizhou.pk]), {"note": "修订"})
    second = AwardScheme.objects.get(code="suizhou", is_current=True)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cycles_awardscheme_change", args=[second.pk])
    assert (second.edition, second.based_on, second.edition_note) == (2, suizhou, "修订")
    assert client.get(reverse("admin:cycles_awardscheme_change", args=[second.pk])).context["has_change_permission"]


def test_admin_new_edition_refused_to_staff_of_another_authority(client, suizhou, other_staff):
    client.force_login(other_staff)
    response = client.post(reverse("admin:cycles_awardscheme_new_edition", args=[suizhou.pk]))
    assert response.status_code == 404
    assert AwardScheme.objects.filter(code="suizhou").count() == 1


def as_installed_before_editions():
    """What an installation that loaded the first shipped version holds (migration 0006)."""
    AwardScheme.objects.update(shipped_version=1)


def test_newer_shipped_version_is_offered_and_adopted_difference_by_difference(suizhou):
    as_installed_before_editions()
    jinzhong = AwardScheme.objects.get(code="jinzhong")
    staff = factories.make_staff(jinzhong.authority, username="jinzhong-staff")
    Tier.objects.filter(scheme=jinzhong, code="award").update(prize_first=Decimal("100000"))
    AwardScheme.objects.filter(pk=jinzhong.pk).update(review_group_article="第十三条第（四）项、第十四条")
    jinzhong.refresh_from_db()

    report = load_schemes()
    assert ("jinzhong", 1, 2) in report.newer
    assert loader.shipped_update(jinzhong).VERSION == 2
    with translation.override("en"):
        offered = {d.key: (d.old_text, d.new_text) for d in loader.shipped_differences(jinzhong)}
    assert offered == {
        "scheme:review_group_article": ("第十三条第（四）项、第十四条", "—"),
        "tiers:award:prize_first": ("100,000.00", "—"),
    }

    second = loader.edition_adopt_shipped(jinzhong, by=staff, keys=["scheme:review_group_article"])

    assert (second.edition, second.review_group_article, second.shipped_version) == (2, "", 2)
    assert second.tiers.get(code="award").prize_first == Decimal("100000.00")  # the office's value kept
    assert loader.shipped_update(second) is None
    entry = AuditEntry.objects.get(action="scheme.shipped_adopted")
    assert [c["key"] for c in entry.data["adopted"]] == ["scheme:review_group_article"]
    assert [c["key"] for c in entry.data["kept"]] == ["tiers:award:prize_first"]
    assert "jinzhong" not in [code for code, *_ in load_schemes().newer]


def test_a_declined_shipped_version_is_no_longer_offered(suizhou, suizhou_staff):
    as_installed_before_editions()
    suizhou.refresh_from_db()
    loader.edition_decline_shipped(suizhou, by=suizhou_staff, reason="本市已自行修订")
    suizhou.refresh_from_db()
    assert (suizhou.edition, suizhou.shipped_declined, loader.shipped_update(suizhou)) == (1, 2, None)
    out = io.StringIO()
    call_command("load_schemes", stdout=out)
    assert "suizhou: shipped version" not in out.getvalue()
    assert "qinzhou: shipped version 2 is newer than the version 1" in out.getvalue()


def test_shipped_page_staff_adopt_supervisors_read_others_denied(client, suizhou, suizhou_staff, other_staff):
    as_installed_before_editions()
    Tier.objects.filter(scheme=suizhou, code="award").update(quota=4)
    url = reverse("cycles:shipped", args=["suizhou"])
    supervisor = factories.make_supervisor(suizhou.authority, username="suizhou-supervisor")

    client.force_login(supervisor)
    page = client.get(url)
    assert page.status_code == 200
    assert [d.key for d in page.context["differences"]] == ["tiers:award:quota"]
    assert 'id="adopt"' not in page.content.decode()
    assert client.post(url, {"keys": ["tiers:award:quota"]}).status_code == 404

    client.force_login(other_staff)
    assert client.get(url).status_code == 404

    client.force_login(suizhou_staff)
    response = client.post(url, {"keys": ["tiers:award:quota"], "adopt": "1"})
    assert response.status_code == 302
    assert award_quota(AwardScheme.objects.get(code="suizhou", is_current=True)) == 3


def test_scheme_page_shows_edition_status_and_warnings(client, suizhou, suizhou_staff):
    client.force_login(factories.make_staff(AwardScheme.objects.get(code="qingyuan").authority, username="qy"))
    page = client.get(reverse("cycles:scheme", args=["qingyuan"]))
    body = page.content.decode()
    assert page.context["warnings"] == ["第1版依据的办法为征求意见稿，并非施行中的文本。"]
    assert '<span id="edition-status" class="badge bg-warning text-dark">征求意见稿</span>' in body

    AwardScheme.objects.filter(pk=suizhou.pk).update(expires_on=datetime.date(2025, 7, 17))
    client.force_login(suizhou_staff)
    page = client.get(reverse("cycles:scheme", args=["suizhou"]))
    assert page.context["warnings"] == ["办法已于2025-07-17期满（第三十七条）。"]
    assert '<span id="edition-number">第1版</span>' in page.content.decode()


def test_scheme_page_says_the_office_sets_what_the_text_leaves_open(client, suizhou):
    body = client.get(reverse("cycles:scheme", args=["lanzhou"])).content.decode()
    assert '≥ 3 名评审员，实行组长负责制 <span class="article office-setting">质量办设定</span>' in body
    body = client.get(reverse("cycles:scheme", args=["qinzhou"])).content.decode()
    assert 'class="article office-setting">质量办设定</span>' in body  # the notice period of 第二十条
    assert '3–5 名评审员，实行组长负责制 <span class="article">第十条</span>' in body


def test_history_page_staff_and_supervisors_read_others_denied(client, suizhou, suizhou_staff, other_staff):
    client.force_login(suizhou_staff)
    # an office edit in the admin's way: through a request, which names the user
    tier = suizhou.tiers.get(code="award")
    tier.prize_first = Decimal("1000000")
    tier._history_user = suizhou_staff
    tier.save()
    url = reverse("cycles:scheme-history", args=["suizhou"])
    response = client.get(url)
    assert response.status_code == 200
    change = response.context["changes"][0]
    assert (change.who, change.section, change.label, change.context, change.kind) == (
        suizhou_staff,
        "等次",
        "编钟质量奖",
        "第1版",
        "changed",
    )
    assert [(f.label, f.old, f.new) for f in change.fields] == [("首次获奖奖金（元）", "800,000.00", "1,000,000.00")]

    client.force_login(factories.make_supervisor(suizhou.authority, username="sup"))
    assert client.get(url).status_code == 200
    client.force_login(other_staff)
    assert client.get(url).status_code == 404


def test_cycle_rules_page_staff_apply_supervisors_read_others_denied(client, suizhou, suizhou_staff, other_staff):
    cycle = open_one(suizhou, suizhou_staff)
    second = editions.edition_start(suizhou, by=suizhou_staff)
    Tier.objects.filter(scheme=second, code="nomination").update(quota=5)
    url = reverse("cycles:cycle-rules", args=[cycle.pk])

    client.force_login(factories.make_supervisor(suizhou.authority, username="sup"))
    page = client.get(url)
    assert page.status_code == 200
    assert [d.key for d in page.context["differences"]] == ["tiers:nomination:quota"]
    assert 'id="apply"' not in page.content.decode()
    assert client.post(url, {"keys": ["tiers:nomination:quota"], "reason": "x"}).status_code == 404

    client.force_login(other_staff)
    assert client.get(url).status_code == 404

    client.force_login(suizhou_staff)
    assert client.post(url, {"keys": ["tiers:nomination:quota"], "reason": ""}).status_code == 400
    response = client.post(url, {"keys": ["tiers:nomination:quota"], "reason": "经专家评委会研究决定"})
    assert response.status_code == 302
    assert Cycle.objects.get(pk=cycle.pk).scheme.tiers.get(code="nomination").quota == 5


def test_calendar_history_for_staff_and_supervisors_only(client, staff, applicant):
    client.force_login(staff)
    assert client.get(reverse("cycles:calendar-history")).status_code == 200
    client.force_login(applicant)
    assert client.get(reverse("cycles:calendar-history")).status_code == 404
