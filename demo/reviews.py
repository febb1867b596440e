"""Demo of the review rounds: every authority's expert pool, and where a demo cycle stands at a
review round, a drawn group with some scores. Idempotent: a second run changes nothing."""

from accounts.models import User
from cycles.enums import REVIEW_STAGES
from cycles.services import current_stage
from demo.people import PLACES
from reviews.errors import ReviewError
from reviews.models import ReviewerProfile
from reviews.services.declarations import declaration_make
from reviews.services.groups import group_draw, group_size_bounds
from reviews.services.pool import pool_sync, profile_update
from reviews.services.rounds import round_open
from reviews.services.sheets import rubric_items, sheet_save

FIELDS = [
    ("卓越绩效管理", "装备制造", "高级工程师"),
    ("质量管理体系", "食品加工", "教授"),
    ("标准化", "化工", "正高级工程师"),
    ("计量与检验检测", "电子信息", "高级经济师"),
    ("品牌建设", "商贸服务", "副教授"),
    ("财务与经营绩效", "金融", "高级会计师"),
    ("技术创新", "新材料", "研究员"),
    ("安全生产与环境", "建筑", "高级工程师"),
]
# The reviewers' employers, named as they are: {region} is the authority's city or county, {city} its
# city, {province} its province, {short} the city without 市.
EMPLOYERS = [
    "{region}质量协会",
    "{short}职业技术学院",
    "{province}标准化研究院",
    "{region}检验检测中心",
    "{region}企业联合会",
    "{short}信诚会计师事务所有限公司",
    "{region}科学技术信息研究所",
    "{region}建设工程质量安全监督站",
]


def _fill_pool(authority, staff, slug) -> None:
    province, city, short = PLACES[slug]
    pool_sync(authority, by=staff)
    profiles = ReviewerProfile.objects.filter(authority=authority).select_related("user").order_by("user__username")
    for index, profile in enumerate(profiles):
        if profile.field:
            continue
        field, industries, title = FIELDS[index % len(FIELDS)]
        profile_update(
            profile,
            by=staff,
            field=field,
            industries=industries,
            title=title,
            employer_name=EMPLOYERS[index % len(EMPLOYERS)].format(
                region=authority.region, province=province, city=city, short=short
            ),
            qualifications="省级质量奖评审员；卓越绩效评价准则（GB/T 19580）培训合格",
        )


def _demo_round(cycle, staff) -> None:
    stage = current_stage(cycle)
    if stage is None or stage.kind not in REVIEW_STAGES:
        return
    round_ = round_open(stage, by=staff)
    if round_.groups.exists():
        return
    entry = round_.entries.order_by("application__title").first()
    if entry is None:
        return
    low, _high = group_size_bounds(cycle.scheme)
    try:
        group = group_draw(round_, by=staff, entries=[entry], size=low, seed=f"demo-{cycle.scheme.code}-{stage.pk}")
    except ReviewError:
        return  # too small a pool
    members = list(group.members.select_related("reviewer").order_by("pk"))
    items = list(rubric_items(entry))
    for position, member in enumerate(members[:2]):
        declaration_make(entry, by=member.reviewer, has_conflict=False)
        scores = {
            item.pk: {
                "percent": 60 + 5 * ((position + index) % 4),
                "strengths": "领导重视，方针目标明确并层层分解。",
                "improvements": "过程绩效测量的对比数据不足。",
            }
            for index, item in enumerate(items)
        }
        sheet_save(entry, by=member.reviewer, scores=scores, submit=position == 0)


def build(context: dict) -> None:
    for slug, authority in context.get("authorities", {}).items():
        staff = User.objects.filter(username=f"{slug}-staff").first()
        _fill_pool(authority, staff, slug)
    for code, cycle in context.get("cycles", {}).items():
        staff = User.objects.filter(username=f"{code}-staff").first()
        if staff is not None:
            _demo_round(cycle, staff)
