import pytest
from django.urls import reverse

from reviews.enums import SheetStatus
from reviews.models import Declaration, ScoreSheet
from tests import factories

from .conftest import drawn, items_of


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reviewer_declares_and_scores_an_item_on_a_tablet_in_chinese(live_server, page, world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.order_by("pk").first().reviewer
    item = items_of(entry.application)[0]

    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", member.username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))
    page.goto(live_server.url + reverse("reviews:mine"))
    assert page.locator("h1").inner_text() == "我的评审"
    page.get_by_role("link", name="声明利益冲突").first.click()
    assert page.locator("h1").inner_text() == "利益冲突声明"
    page.get_by_label("本人与该申报单位不存在利益冲突").check()
    page.get_by_role("button", name="提交声明").click()
    page.wait_for_url(live_server.url + reverse("reviews:score", args=[entry.pk]))
    assert page.locator("h1").inner_text().startswith("评分表")
    select = page.locator(f"select[name=percent_{item.pk}]")
    box = select.bounding_box()
    assert box["height"] >= 44  # a large touch target
    select.select_option("80")
    page.fill(f"textarea[name=strengths_{item.pk}]", "领导作用发挥充分")
    page.get_by_role("button", name="保存草稿").click()
    assert "草稿已保存" in page.content()

    assert Declaration.objects.get(entry=entry, reviewer=member).has_conflict is False
    sheet = ScoreSheet.objects.get(entry=entry, reviewer=member)
    score = sheet.scores.get(item=item)
    assert (sheet.status, score.percent, score.strengths) == (SheetStatus.DRAFT, 80, "领导作用发挥充分")
