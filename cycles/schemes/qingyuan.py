"""庆元县人民政府质量奖 (+ 创新奖): 《庆元县人民政府质量奖管理办法（征求意见稿）》.

Articles are the regulation's section numbers, e.g. "三(一)1", "四(五)".
Plain data read by ``cycles.loader``.
"""

# The version of this shipped data. Raise it with every change: installations that loaded an
# earlier version are then offered the differences to adopt as a new edition (``cycles.loader``).
VERSION = 2

AUTHORITY = {"name": "庆元县人民政府", "region": "庆元县", "office_name": "庆元县质量强县工作领导小组办公室"}

SCHEME = {
    "code": "qingyuan",
    "name": "庆元县人民政府质量奖",
    "regulation_title": "庆元县人民政府质量奖管理办法（征求意见稿）",
    "regulation_reference": "",
    "regulation_issuer": "庆元县人民政府",
    "regulation_status": "draft_for_comment",
    "effective_from": None,
    "expires_on": None,
    "expiry_article": "",
    "summary": (
        "庆元县人民政府设立的最高质量奖项，同时设立“创新奖”（一(一)）。每两年评定一次（一(二)），"
        "评审标准依据 GB/T 19580 与 GB/Z 19579 最新版本（一(四)）。"
        "评审总得分由资料评审与现场评审结果计算（四(四)），办法未定权重，平台默认资料评审40%、现场评审60%，由评审办调整。"
        "有关职能部门的推荐意见在资格审查中提出（四(一)），不设单独的推荐环节。"
    ),
    "interval_years": 2,
    "interval_article": "一(二)",
    "max_team_size": 1,
    "team_size_article": "",
    "review_group_min": 3,
    "review_group_max": None,
    "review_group_article": "二(四)",
    "industry_expert_article": "二(四)",
    "conflict_article": "六(一)",
    "withdrawal_article": "",
    "confidentiality_article": "二(五)、六(七)",
    "objection_article": "四(五)",
    "objection_identity_required": False,
    "objection_identity_article": "",
    "objection_window_days": None,
    "objection_window_unit": "working",
    "objection_window_article": "",
    "objection_any_time_article": "",
    "objection_report_article": "四(五)",
    "objection_opinions_required": False,
    "objection_confirmation_article": "",
    "committee_secret_ballot": False,
    "committee_article": "四(四)",
    "committee_single_vote_article": "",
    "committee_ranked_list_article": "四(四)",
    "validity_years": 5,
    "validity_article": "五(三)",
    "public_evaluation_article": "",
    "commend_onsite_article": "",
    "onsite_report_confirmation_article": "四(三)",
}

TIERS = [
    {
        "code": "award",
        "name": "质量奖",
        "rank": 1,
        "quota": 3,
        "quota_article": "一(二)",
        "may_stay_vacant": True,
        "prize_first": 200000,
        "prize_repeat": 0,
        "prize_after_tier": "innovation",
        "prize_after_amount": 150000,
        "prize_article": "五(一)",
        "repeat_counts_toward_quota": False,
        "repeat_article": "五(三)",
        "grants_certificate": True,
        "certificate_article": "五(一)",
        "cooling_off_value": 4,
        "cooling_off_unit": "award_years",
        "cooling_off_article": "五(三)",
    },
    {
        "code": "innovation",
        "name": "创新奖",
        "rank": 2,
        "quota": 3,
        "quota_article": "一(二)",
        "may_stay_vacant": True,
        "prize_first": 50000,
        "prize_repeat": 0,
        "prize_article": "五(一)",
        "repeat_counts_toward_quota": True,
        "repeat_article": "五(三)",
        "grants_certificate": True,
        "certificate_article": "五(一)",
        "cooling_off_value": 1,
        "cooling_off_unit": "award_years",
        "cooling_off_article": "五(三)",
    },
]

CATEGORIES = [
    {
        "code": "quality",
        "name": "质量奖",
        "applicant_kind": "organisation",
        "tiers": ["award"],
        "rubric": "gbt19580",
        "article": "一(一)、一(四)",
    },
    {
        "code": "innovation",
        "name": "创新奖",
        "applicant_kind": "organisation",
        "tiers": ["innovation"],
        "rubric": "gbt19580",
        "article": "一(一)、一(四)",
    },
]

STAGES = [
    {"kind": "call", "name": "发布通知通告", "article": "三(二)1", "planned_days": 7},
    {"kind": "application", "name": "申报（自我评价报告、申报表、证实性材料）", "article": "三(二)2"},
    {"kind": "eligibility", "name": "资格审查（职能部门核查并提出推荐意见）", "article": "四(一)"},
    {
        "kind": "material_review",
        "name": "资料评审（向未入围组织反馈）",
        "article": "四(二)",
        "score_weight": 40,
        "planned_days": 21,
    },
    {
        "kind": "onsite_review",
        "name": "现场评审（报告由组织确认）",
        "article": "四(三)",
        "score_weight": 60,
        "planned_days": 30,
    },
    {"kind": "comprehensive_evaluation", "name": "计算评审总得分并排序", "article": "四(四)", "planned_days": 7},
    {"kind": "committee_vote", "name": "县评委会投票表决", "article": "四(四)", "planned_days": 7},
    {
        "kind": "candidate_notice",
        "name": "初选授奖名单公示",
        "article": "四(五)",
        "notice_days": 7,
        "notice_unit": "calendar",
        "notice_period_article": "四(五)",
    },
    {"kind": "government_approval", "name": "县政府审定批准", "article": "四(六)"},
    {"kind": "announcement", "name": "县政府发布通报", "article": "五(一)", "planned_days": 1},
]

CONDITIONS = [
    {
        "check_kind": "years_operating",
        "parameter": 3,
        "text": "在庆元县行政区域内注册登记并正常运营3年以上（含3年）",
        "article": "三(一)1",
    },
    {
        "check_kind": "judgment",
        "text": "生产经营符合国家和本省有关法律法规、强制性标准和产业政策要求",
        "article": "三(一)2",
    },
    {
        "check_kind": "judgment",
        "parameter": 2,
        "text": (
            "实施卓越绩效管理满2年并取得显著成效（数字经济新兴产业、生命健康产业和农业不作年限要求）；"
            "近三年主要经济指标和社会贡献程度居县内同行业或同类型组织前列，技术、服务和质量指标达到国内领先或国际先进水平"
        ),
        "article": "三(一)3",
    },
    {
        "check_kind": "judgment",
        "text": "积极开展质量创新、标准创新和品牌创新，创新成果在国内外有较大影响",
        "article": "三(一)4",
    },
    {
        "check_kind": "judgment",
        "text": "切实履行社会责任，依法诚信经营，具有良好的信用记录和社会信誉",
        "article": "三(一)5",
    },
    {
        "check_kind": "judgment",
        "text": "工业企业的“亩均效益”上年度综合评价结果应达到B档（其他企业不作要求）",
        "article": "三(一)6",
    },
    {
        "check_kind": "judgment",
        "parameter": 3,
        "text": (
            "近三年在各级质量安全监督检查中未出现不合格，无重大质量、安全、环境污染、公共卫生等事故，"
            "无因组织责任导致的重大有效投诉，无其他严重违法违规行为"
        ),
        "article": "三(一)7",
    },
    {
        "check_kind": "cooling_off",
        "text": "获得“质量奖”的组织自获奖年度起满四年可再次申请；获得“创新奖”的组织获奖年度起满一年即可再次申请",
        "article": "五(三)",
    },
]

SANCTIONS = [
    {
        "cause": "fraud",
        "bar_value": 0,
        "bar_unit": "years",
        "consequence": "撤销称号，收回奖牌、证书和奖金，依法记入信用档案并予以披露（办法未设禁止再申报期限）",
        "article": "六(二)",
        "grounds": ["fraud", "bribery"],
    },
    {
        "cause": "revocation",
        "bar_value": 0,
        "bar_unit": "years",
        "consequence": "获奖后两年内发生事故导致重大不良社会影响的，撤销称号，收回奖牌、证书、奖金并予以公告（办法未设禁止再申报期限）",
        "article": "六(六)",
        "grounds": ["incident"],
        "window_years": 2,
        "window_article": "六(六)",
    },
]
