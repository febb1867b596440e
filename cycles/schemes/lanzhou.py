"""兰州市政府质量奖: 《兰州市政府质量奖评选管理办法》(兰政发〔2023〕32号).

Plain data read by ``cycles.loader``; every rule carries the article it comes from.
"""

import datetime

# The version of this shipped data. Raise it with every change: installations that loaded an
# earlier version are then offered the differences to adopt as a new edition (``cycles.loader``).
VERSION = 2

AUTHORITY = {"name": "兰州市人民政府", "region": "兰州市", "office_name": "兰州市政府质量奖评审委员会办公室"}

SCHEME = {
    "code": "lanzhou",
    "name": "兰州市政府质量奖",
    "regulation_title": "兰州市政府质量奖评选管理办法",
    "regulation_reference": "兰政发〔2023〕32号",
    "regulation_issuer": "兰州市人民政府",
    "regulation_status": "in_force",
    "effective_from": datetime.date(2023, 8, 11),
    "expires_on": None,
    "expiry_article": "",
    "summary": (
        "兰州市人民政府在质量管理领域授予企业和组织的最高奖项（第二条），以 GB/T 19580 与 GB/Z 19579 为基本依据（第三条）。"
        "办法未规定评选周期。获奖有效期5年，期满重新考核评价；获得提名奖的再次申报不受限制（第六条）。"
        "不设奖金，以政策支持激励（第二十条至第二十三条）。候选名单依据现场评审情况形成的综合评价报告提出（第十八条），"
        "不按评审环节加权计分。"
    ),
    "interval_years": None,
    "interval_article": "",
    "max_team_size": 1,
    "team_size_article": "",
    "review_group_min": 3,
    "review_group_max": None,
    # 第十六条 forms an expert group but names no size: the office's setting.
    "review_group_article": "",
    "industry_expert_article": "",
    "conflict_article": "第十七条",
    "withdrawal_article": "",
    "confidentiality_article": "第十一条、第十七条",
    "objection_article": "第二十八条",
    "objection_identity_required": True,
    "objection_identity_article": "第二十八条第二款",
    "objection_window_days": 5,
    "objection_window_unit": "working",
    "objection_window_article": "第二十九条",
    "objection_any_time_article": "第二十八条",
    "objection_report_article": "",
    "objection_opinions_required": False,
    "objection_confirmation_article": "第二十九条",
    "committee_secret_ballot": False,
    "committee_article": "第十八条",
    "committee_single_vote_article": "",
    "committee_ranked_list_article": "",
    "validity_years": 5,
    "validity_article": "第六条",
    "public_evaluation_article": "",
    "commend_onsite_article": "",
    "onsite_report_confirmation_article": "",
}

TIERS = [
    {
        "code": "award",
        "name": "兰州市政府质量奖",
        "rank": 1,
        "quota": 3,
        "quota_article": "第四条",
        "may_stay_vacant": True,
        "prize_first": 0,
        "prize_repeat": 0,
        "prize_article": "第二十条",
        "repeat_counts_toward_quota": True,
        "repeat_article": "",
        "grants_certificate": True,
        "certificate_article": "第二十条",
        # 第六条 fixes a validity of 5 years and exempts nominees; reading it as a 5-year bar on
        # re-applying is the office's reading, and each decision says so.
        "cooling_off_value": 5,
        "cooling_off_unit": "years",
        "cooling_off_article": "第六条",
        "cooling_off_is_reading": True,
    },
    {
        "code": "nomination",
        "name": "兰州市政府质量奖提名奖",
        "rank": 2,
        "quota": 5,
        "quota_article": "第四条",
        "may_stay_vacant": True,
        "prize_first": 0,
        "prize_repeat": 0,
        "prize_article": "第二十条",
        "repeat_counts_toward_quota": True,
        "repeat_article": "",
        "grants_certificate": False,
        "certificate_article": "第二十条",
        "cooling_off_value": None,
        "cooling_off_unit": "years",
        "cooling_off_article": "第六条",
    },
]

CATEGORIES = [
    {
        "code": "organisation",
        "name": "企业和组织",
        "applicant_kind": "organisation",
        "tiers": ["award", "nomination"],
        "rubric": "gbt19580",
        "article": "第二条、第三条",
    },
]

STAGES = [
    {"kind": "call", "name": "发布评选信息", "article": "第九条第（二）项", "planned_days": 7},
    {"kind": "application", "name": "向县（区）牵头部门提交申报材料", "article": "第十一条、第十二条"},
    {
        "kind": "county_notice",
        "name": "县（区）审核并公示",
        "article": "第十三条第一款",
        "notice_days": 5,
        "notice_period_article": "第十三条第一款",
        "notice_unit": "working",
    },
    {"kind": "recommendation", "name": "县（区）出具审核意见并报送", "article": "第十三条第二款"},
    {"kind": "eligibility", "name": "市级审核", "article": "第十三条第二款"},
    {"kind": "material_review", "name": "材料评审", "article": "第十四条、第十五条", "planned_days": 21},
    {
        "kind": "acceptance_notice",
        "name": "正式受理名单公示",
        "article": "第十五条",
        "notice_days": 5,
        "notice_period_article": "第十五条",
        "notice_unit": "working",
    },
    {"kind": "onsite_review", "name": "现场评审", "article": "第十六条", "planned_days": 30},
    {"kind": "comprehensive_evaluation", "name": "形成综合评价报告", "article": "第十八条第一款", "planned_days": 7},
    {"kind": "committee_vote", "name": "相关部门会议审议", "article": "第十八条第一款", "planned_days": 7},
    {
        "kind": "candidate_notice",
        "name": "拟获奖名单公示",
        "article": "第十八条第二款",
        "notice_days": 5,
        "notice_period_article": "第十八条第二款",
        "notice_unit": "working",
    },
    {"kind": "government_approval", "name": "市政府审定", "article": "第十九条"},
    {"kind": "announcement", "name": "颁发奖牌、证书并向社会公告", "article": "第二十条", "planned_days": 1},
]

CONDITIONS = [
    {
        "check_kind": "judgment",
        "text": "符合国家法律法规和相关产业、环保、安全、质量等政策，在兰州市注册登记",
        "article": "第十条第（一）项",
    },
    {
        "check_kind": "years_operating",
        "parameter": 5,
        "text": "在本市注册登记并正常运行5年以上",
        "article": "第十条第（一）项",
    },
    {
        "check_kind": "judgment",
        "text": (
            "实施质量发展战略，具备扎实的质量工作基础，建立有效运行的质量管理体系，"
            "质量管理理念、制度、模式、方法先进，形成自我完善的持续改进机制"
        ),
        "article": "第十条第（二）项",
    },
    {
        "check_kind": "judgment",
        "text": "积极开展质量创新、标准创新、管理创新、技术创新等，创新能力较强，品牌形象和影响力突出，质量管理制度、模式、方法具有推广价值",
        "article": "第十条第（三）项",
    },
    {
        "check_kind": "judgment",
        "parameter": 3,
        "text": "经营业绩良好，社会贡献突出，近3年主要经济、技术、服务、质量等指标位居市内或省内外同行业领先水平",
        "article": "第十条第（四）项",
    },
    {
        "check_kind": "judgment",
        "text": "切实履行社会责任，依法诚信经营，具有良好的诚信记录和社会声誉",
        "article": "第十条第（五）项",
    },
    {
        "check_kind": "judgment",
        "parameter": 5,
        "text": "近5年内未发生重大质量、安全、服务、环境、公共卫生等事故，没有因自身原因导致服务对象的重大投诉，无违反法律法规的行为",
        "article": "第十条第（六）项",
    },
    {
        "check_kind": "cooling_off",
        "text": "市政府质量奖有效期为5年，期满重新考核评价；获得提名奖的企业和组织再次申报不受此限制",
        "article": "第六条",
    },
    {
        "check_kind": "sanction",
        "text": "提供虚假材料的5年内、以欺骗贿赂手段获奖的10年内、被撤销荣誉的5年内不予受理申报",
        "article": "第三十二条、第三十三条、第三十五条",
    },
]

SANCTIONS = [
    {
        "cause": "fraud",
        "bar_value": 5,
        "bar_unit": "years",
        "consequence": "隐瞒有关情况或者提供虚假材料进行申报的，5年内不予受理其申报",
        "article": "第三十二条",
        "reclaims_prize": False,
        "grounds": [],
    },
    {
        "cause": "bribery",
        "bar_value": 10,
        "bar_unit": "years",
        "consequence": "以欺骗、贿赂等不正当手段获奖的，取消奖励，收回奖牌、证书，依法依规处理并向社会公开",
        "article": "第三十三条",
        "reclaims_prize": False,
        "grounds": ["fraud", "bribery"],
    },
    {
        "cause": "revocation",
        "bar_value": 5,
        "bar_unit": "years",
        "consequence": "获奖后5年内发生重大事故、重大质量问题、严重经营性亏损等情形的，撤销荣誉，收回奖牌和证书，并向社会通报",
        "article": "第三十五条",
        "reclaims_prize": False,
        "grounds": ["incident", "quality_problem", "operating_loss", "violation"],
        "window_years": 5,
        "window_article": "第三十五条",
    },
]
