"""What the layout and accessibility tests share: a cycle in material review whose pages all have
something to show, logging in through the real page, axe-core, the screenshots and the overflow check."""

import datetime
from pathlib import Path
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import ReportSection
from cycles.enums import StageKind
from cycles.models import RubricItem
from reviews.services import declarations, groups, pool, rounds, sheets
from tests import factories
from tests.applications.dossier_support import make_organisation
from tests.applications.eligibility_support import make_application
from tests.publicity.helpers import publish

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
WIDTHS = {"desktop": (1366, 900), "tablet": (768, 1024), "phone": (390, 844)}

RUBRIC = (
    (110, "领导"),
    (90, "战略"),
    (90, "顾客与市场"),
    (80, "资源"),
    (100, "过程管理"),
    (80, "测量、分析与改进"),
    (450, "结果"),
)
REPORT_TEXT = {
    "领导": (
        "公司领导班子坚持“质量第一、用户至上”的方针，董事长亲自担任质量委员会主任，"
        "每季度主持质量分析会，2023年以来共召开质量专题会议24次，解决重大质量问题37项。\n"
        "高层领导带头学习卓越绩效模式，制定《领导干部质量责任清单》，"
        "将质量指标纳入各级管理者年度考核，权重不低于30%。"
    ),
    "结果": "近三年主营业务收入年均增长12.6%，产品一次交验合格率由98.2%提升至99.6%，顾客满意度连续三年达到92分以上。",
}


def build_world():
    """An authority with a scheme of seven rubric items, a cycle in material review whose first
    application has its report written, a group drawn with every member declared (the leader part
    way through its sheet, the others submitted), and, in a second cycle, a published notice."""
    authority = factories.AuthorityFactory(name="随州市人民政府", region="随州市")
    district = factories.DistrictFactory(authority=authority, name="曾都区")
    staff = factories.make_staff(authority, username="staff")
    applicant = factories.UserFactory(username="applicant")
    scheme = factories.make_scheme(
        authority,
        review_group_min=3,
        review_group_max=3,
        review_group_article="第十九条",
        confidentiality_article="第二十四条",
    )
    category = scheme.categories.get()
    category.rubric = factories.make_rubric(code="browser-rubric", items=RUBRIC)
    category.save()
    items = list(
        RubricItem.objects.filter(section__rubric=category.rubric).order_by("section__order").values_list("pk", "title")
    )
    for index in range(1, 7):
        factories.make_reviewer(authority, username=f"expert{index}")
    pool.pool_sync(authority)
    cycle = factories.cycle_at(scheme, StageKind.MATERIAL_REVIEW, name="2026年度")
    applications = [
        make_application(
            cycle,
            owner=applicant,
            district=district,
            organisation=make_organisation(district, members=[applicant], number=number, name=name),
            status=ApplicationStatus.ACCEPTED,
        )
        for number, name in ((11, "随州编钟制造有限公司"), (12, "随州市香菇食品股份有限公司"))
    ]
    application = applications[0]
    RubricItem.objects.filter(pk=items[0][0]).update(
        guidance="评价高层领导如何确定组织的使命、愿景和价值观，如何落实领导班子的质量责任。"
    )
    for item_id, title in items:
        if title in REPORT_TEXT:
            ReportSection.objects.create(
                application=application, item_id=item_id, text=REPORT_TEXT[title], is_trade_secret=title == "结果"
            )
    round_ = rounds.round_open(cycle.stages.get(kind=StageKind.MATERIAL_REVIEW), by=staff)
    entry = round_.entries.get(application=application)
    group = groups.group_draw(round_, by=staff, entries=[entry], size=3, seed="browser")
    members = [member.reviewer for member in group.members.select_related("reviewer").order_by("pk")]
    for member in members:
        declarations.declaration_make(entry, by=member, has_conflict=False)
    for member, percent in zip(members[1:], (75, 85), strict=True):
        scores = {
            item_id: {"percent": percent, "strengths": "体系健全", "improvements": "数据分析不足"}
            for item_id, _ in items
        }
        sheets.sheet_save(entry, by=member, scores=scores, submit=True)
    first_item = items[0][0]
    sheets.sheet_save(entry, by=members[0], scores={first_item: {"percent": 85, "strengths": "", "improvements": ""}})

    notice_scheme = factories.make_scheme(authority, code="notice-award")
    notice_cycle = factories.cycle_at(notice_scheme, StageKind.ACCEPTANCE_NOTICE, name="2026年度")
    for number, name in ((21, "随州市甲机械有限公司"), (22, "随州市乙食品有限公司")):
        organisation = make_organisation(district, number=number, name=name)
        make_application(
            notice_cycle,
            owner=factories.UserFactory(),
            district=district,
            organisation=organisation,
            status=ApplicationStatus.ACCEPTED,
        )
    notice = publish(
        notice_cycle.stages.get(kind=StageKind.ACCEPTANCE_NOTICE),
        staff,
        now=timezone.now() - datetime.timedelta(hours=1),
    )
    return SimpleNamespace(
        authority=authority,
        staff=staff,
        applicant=applicant,
        cycle=cycle,
        application=application,
        round=round_,
        entry=entry,
        leader=members[0],
        items=items,
        notice=notice,
    )


def log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))


def serious_violations(page):
    """axe-core's violations of impact serious or critical on the page as it stands, as
    ``(rule, [selectors])``. axe is evaluated through the browser's debugging protocol, which the
    page's Content-Security-Policy does not govern, so the vendored script is never served."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], [" ".join(node["target"]) for node in violation["nodes"]])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def overflow(page):
    """How many CSS pixels the page is wider than the window (0 when nothing overflows)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def screenshot(page, name, device):
    """What the window shows at the top of the page, as a person on that device first sees it (a
    full-page capture would paint the sticky save bar halfway down)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{device}.png"
    page.screenshot(path=str(path))
    return path
