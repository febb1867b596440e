"""钦州市市长质量奖: 《钦州市市长质量奖评审管理办法（2021年修订）》.

Plain data read by ``cycles.loader``; every rule carries the article it comes from.
"""

# The version of this shipped data. Raise it with every change: installations that loaded an
# earlier version are then offered the differences to adopt as a new edition (``cycles.loader``).
VERSION = 2

AUTHORITY = {"name": "钦州市人民政府", "region": "钦州市", "office_name": "钦州市市长质量奖评审委员会办公室"}

SCHEME = {
    "code": "qinzhou",
    "name": "钦州市市长质量奖",
    "regulation_title": "钦州市市长质量奖评审管理办法（2021年修订）",
    "regulation_reference": "",
    "regulation_issuer": "钦州市人民政府",
    "regulation_status": "in_force",
    "effective_from": None,
    "expires_on": None,
    "expiry_article": "",
    "summary": (
        "钦州市人民政府设立的最高质量荣誉奖，授予具有法人资格、实施卓越绩效管理模式的企业或组织（第二条）。"
        "每2年评选一届（第四条），评审标准采用 GB/T 19580 与 GB/Z 19579 最新版本（第五条）。"
        "办法未规定拟获奖名单的公示期限（第二十条），平台默认5个工作日，由质量办调整。"
        "获奖建议名单由评审委员会在审议各评审报告后以无记名投票产生（第十九条），不按评审环节加权计分。"
    ),
    "interval_years": 2,
    "interval_article": "第四条",
    "max_team_size": 1,
    "team_size_article": "",
    "review_group_min": 3,
    "review_group_max": 5,
    "review_group_article": "第十条",
    "industry_expert_article": "",
    "conflict_article": "第三十条",
    "withdrawal_article": "第三十条",
    "confidentiality_article": "第三十条",
    "objection_article": "第二十条",
    "objection_identity_required": False,
    "objection_identity_article": "",
    "objection_window_days": None,
    "objection_window_unit": "working",
    "objection_window_article": "",
    "objection_any_time_article": "",
    "objection_report_article": "第二十条",
    "objection_opinions_required": True,
    "objection_confirmation_article": "",
    "committee_secret_ballot": True,
    "committee_article": "第十九条",
    "committee_single_vote_article": "第十九条",
    "committee_ranked_list_article": "",
    "validity_years": None,
    "validity_article": "",
    "public_evaluation_article": "",
    "commend_onsite_article": "",
    "onsite_report_confirmation_article": "",
}

TIERS = [
    {
        "code": "award",
        "name": "市长质量奖",
        "rank": 1,
        "quota": 4,
        "quota_article": "第四条",
        "may_stay_vacant": True,
        "prize_first": 300000,
        "prize_repeat": 300000,
        "prize_article": "第二十二条",
        "repeat_counts_toward_quota": True,
        "repeat_article": "",
        "grants_certificate": True,
        "certificate_article": "第二十二条",
        "cooling_off_value": 5,
        "cooling_off_unit": "years",
        "cooling_off_article": "第十三条第（八）项",
    },
    {
        "code": "nomination",
        "name": "市长质量奖提名奖",
        "rank": 2,
        "quota": 6,
        "quota_article": "第四条",
        "may_stay_vacant": True,
        "prize_first": 0,
        "prize_repeat": 0,
        "prize_article": "第二十二条",
        "repeat_counts_toward_quota": True,
        "repeat_article": "",
        "grants_certificate": True,
        "certificate_article": "第二十二条",
        "cooling_off_value": None,
        "cooling_off_unit": "years",
        "cooling_off_article": "第十三条第（八）项",
    },
]

CATEGORIES = [
    {
        "code": "organisation",
        "name": "企业或组织",
        "applicant_kind": "organisation",
        "tiers": ["award", "nomination"],
        "rubric": "gbt19580",
        "article": "第二条、第五条",
    },
]

STAGES = [
    {"kind": "call", "name": "发出申报通知", "article": "第十四条", "planned_days": 7},
    {"kind": "application", "name": "申报", "article": "第十五条"},
    {"kind": "recommendation", "name": "县级行业主管部门或质量强县（区）办公室审核推荐", "article": "第十五条"},
    {"kind": "eligibility", "name": "资格审查（征求相关部门意见）", "article": "第十六条"},
    {"kind": "material_review", "name": "资料评审", "article": "第十七条", "planned_days": 21},
    {"kind": "onsite_review", "name": "现场评审", "article": "第十八条", "planned_days": 30},
    {"kind": "committee_vote", "name": "评审委员会审议、无记名投票", "article": "第十九条", "planned_days": 7},
    {
        "kind": "candidate_notice",
        "name": "初选拟获奖名单公示",
        "article": "第二十条",
        "notice_days": 5,
        "notice_period_article": "",
        "notice_unit": "working",
    },
    {"kind": "government_approval", "name": "报请市人民政府批准", "article": "第二十一条"},
    {"kind": "announcement", "name": "市人民政府表彰", "article": "第二十一条、第二十二条", "planned_days": 1},
]

CONDITIONS = [
    {
        "check_kind": "judgment",
        "text": "在钦州市行政区域登记注册，具有法人资格",
        "article": "第十三条第（一）项",
    },
    {
        "check_kind": "years_operating",
        "parameter": 3,
        "text": "从事合法经营3年以上",
        "article": "第十三条第（一）项",
    },
    {
        "check_kind": "judgment",
        "text": (
            "产品或服务符合国家和自治区有关环境保护、节能减排、清洁生产、安全生产、产品消费、劳动保障等方面的法律法规、"
            "强制性标准和产业政策等要求"
        ),
        "article": "第十三条第（二）项",
    },
    {
        "check_kind": "judgment",
        "text": (
            "积极推广先进的质量管理方法，建立有效运行的质量管理体系，认真贯彻《卓越绩效评价准则》（GB/T 19580），"
            "建立卓越绩效模式管理推进机构，形成自我完善的持续改进机制，质量效益突出"
        ),
        "article": "第十三条第（三）项",
    },
    {
        "check_kind": "judgment",
        "parameter": 3,
        "text": (
            "近3年来主要经济指标和社会贡献程度居钦州市同行业前茅，主导产品的技术和质量指标达到区内领先或国内先进水平；"
            "从事非盈利性业务的，社会贡献位居区内同行业前列"
        ),
        "article": "第十三条第（四）项",
    },
    {
        "check_kind": "judgment",
        "text": "品牌优势突出，社会美誉度高，建立质量诚信体系并具有良好的质量诚信记录",
        "article": "第十三条第（五）项",
    },
    {
        "check_kind": "judgment",
        "parameter": 3,
        "text": "近3年内无重大的质量、安全生产、环境污染、公共卫生等事故，无因组织责任导致的服务对象、用户（顾客）投诉的突出问题",
        "article": "第十三条第（六）项",
    },
    {
        "check_kind": "judgment",
        "text": "无其他违反法律法规的行为",
        "article": "第十三条第（七）项",
    },
    {
        "check_kind": "cooling_off",
        "text": "已获得市长质量奖奖项（不含市长质量奖提名奖）的企业或组织需满5年",
        "article": "第十三条第（八）项",
    },
    {
        "check_kind": "sanction",
        "text": "采用不正当手段骗取市长质量奖的，取消其当届及今后5年内申报资格",
        "article": "第二十五条",
    },
]

SANCTIONS = [
    {
        "cause": "fraud",
        "bar_value": 5,
        "bar_unit": "years",
        "consequence": (
            "取消当届及今后5年内申报资格；已授奖的，撤销称号，收回奖牌、证书，追缴质量发展资金，"
            "在信用中国（广西钦州）网站公告并在市级主要新闻媒体上曝光"
        ),
        "article": "第二十五条",
        "grounds": ["fraud", "bribery"],
    },
    {
        "cause": "revocation",
        "bar_value": 0,
        "bar_unit": "years",
        "consequence": "发生重大质量、安全生产、环境污染事故等情形的，撤销称号，收回奖牌、证书，并向社会公告（办法未设禁止再申报期限）",
        "article": "第二十六条",
        "reclaims_prize": False,
        "grounds": ["incident", "quality_problem", "violation"],
    },
]
