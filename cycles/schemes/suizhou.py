"""随州市编钟质量奖: 《随州市编钟质量奖管理规定》(随政发〔2022〕25号).

Plain data read by ``cycles.loader``; every rule carries the article it comes from.
"""

import datetime

# The version of this shipped data. Raise it with every change: installations that loaded an
# earlier version are then offered the differences to adopt as a new edition (``cycles.loader``).
VERSION = 2

AUTHORITY = {"name": "随州市人民政府", "region": "随州市", "office_name": "随州市质量强市工作委员会办公室（市质强办）"}

SCHEME = {
    "code": "suizhou",
    "name": "随州市编钟质量奖",
    "regulation_title": "随州市编钟质量奖管理规定",
    "regulation_reference": "随政发〔2022〕25号",
    "regulation_issuer": "随州市人民政府",
    "regulation_status": "in_force",
    "effective_from": datetime.date(2022, 7, 18),
    "expires_on": datetime.date(2027, 7, 17),
    "expiry_article": "第三十七条",
    "summary": (
        "随州市人民政府设立的最高质量荣誉奖，授予实施科学质量管理、在行业内处于领先地位的组织"
        "（各类企业和提供公共服务的非政府机构，第二条）。每2年评定1次（第五条）。"
        "评审标准由市质强办参照国内外先进质量奖标准制定（第七条），本平台默认采用 GB/T 19580 评分标准，"
        "质量办可按制造业、服务业、中小企业另设评分标准。"
        "各评审环节在综合评价中的权重规定未作明确，平台默认陈述答辩30%、现场评审60%、社会公众评价10%，由质量办调整。"
    ),
    "interval_years": 2,
    "interval_article": "第五条",
    "max_team_size": 1,
    "team_size_article": "",
    "review_group_min": 3,
    "review_group_max": None,
    "review_group_article": "第十九条第二款",
    "industry_expert_article": "",
    "conflict_article": "第二十八条",
    "withdrawal_article": "第二十八条",
    "confidentiality_article": "第二十八条",
    "objection_article": "第三十条",
    "objection_identity_required": False,
    "objection_identity_article": "",
    "objection_window_days": None,
    "objection_window_unit": "working",
    "objection_window_article": "",
    "objection_any_time_article": "第三十条",
    "objection_report_article": "",
    "objection_opinions_required": False,
    "objection_confirmation_article": "",
    "committee_secret_ballot": False,
    "committee_article": "第二十二条",
    "committee_single_vote_article": "",
    "committee_ranked_list_article": "",
    "validity_years": None,
    "follow_up_article": "第三十四条",
    "validity_article": "",
    "public_evaluation_article": "第二十二条",
    "commend_onsite_article": "第二十五条",
    "onsite_report_confirmation_article": "",
}

TIERS = [
    {
        "code": "award",
        "name": "编钟质量奖",
        "rank": 1,
        "quota": 3,
        "quota_article": "第五条",
        "may_stay_vacant": True,
        "prize_first": 800000,
        "prize_repeat": 0,
        "prize_article": "第二十六条",
        "repeat_counts_toward_quota": False,
        "repeat_article": "第三十二条第二款",
        "grants_certificate": True,
        "certificate_article": "第二十五条",
        "cooling_off_value": 5,
        "cooling_off_unit": "years",
        "cooling_off_article": "第三十二条第二款",
    },
    {
        "code": "nomination",
        "name": "编钟质量奖提名奖",
        "rank": 2,
        "quota": 6,
        "quota_article": "第五条",
        "may_stay_vacant": True,
        "prize_first": 200000,
        "prize_repeat": 200000,
        "prize_article": "第二十六条",
        "repeat_counts_toward_quota": True,
        "repeat_article": "",
        "grants_certificate": True,
        "certificate_article": "第二十五条",
        "cooling_off_value": None,
        "cooling_off_unit": "years",
        "cooling_off_article": "",
    },
]

CATEGORIES = [
    {
        "code": "organisation",
        "name": "组织",
        "applicant_kind": "organisation",
        "tiers": ["award", "nomination"],
        "rubric": "gbt19580",
        "article": "第二条、第七条",
    },
]

STAGES = [
    {"kind": "call", "name": "发布通知及实施方案", "article": "第十七条第一款", "planned_days": 7},
    {"kind": "application", "name": "申报", "article": "第十七条第二款"},
    {"kind": "recommendation", "name": "签署推荐意见", "article": "第十七条第二款"},
    {"kind": "eligibility", "name": "资格审核", "article": "第十八条"},
    {"kind": "material_review", "name": "材料评审", "article": "第十九条第一款", "planned_days": 21},
    {
        "kind": "defence_list_notice",
        "name": "陈述答辩名单公示",
        "article": "第十九条第一款",
        "notice_days": 5,
        "notice_period_article": "第十九条第一款",
        "notice_unit": "working",
    },
    {"kind": "defence", "name": "陈述答辩", "article": "第二十条", "score_weight": 30, "planned_days": 7},
    {"kind": "onsite_review", "name": "现场评审", "article": "第二十一条", "score_weight": 60, "planned_days": 30},
    {
        "kind": "public_evaluation",
        "name": "社会公众评价（投票）",
        "article": "第二十二条",
        "optional": True,
        "score_weight": 10,
    },
    {"kind": "comprehensive_evaluation", "name": "综合评价", "article": "第二十二条", "planned_days": 7},
    {"kind": "committee_vote", "name": "专家评委会审议表决", "article": "第二十二条", "planned_days": 7},
    {"kind": "consultation", "name": "征求市质量强市工作委员会成员单位意见", "article": "第二十三条"},
    {
        "kind": "candidate_notice",
        "name": "拟奖名单公示",
        "article": "第二十三条",
        "notice_days": 5,
        "notice_period_article": "第二十三条",
        "notice_unit": "working",
    },
    {"kind": "government_approval", "name": "市政府审定", "article": "第二十四条"},
    {"kind": "announcement", "name": "公布与表彰", "article": "第二十四条、第二十五条", "planned_days": 1},
]

CONDITIONS = [
    {
        "check_kind": "judgment",
        "text": "在随州市行政区域内登记注册，具有法人资格",
        "article": "第十五条第（一）项",
    },
    {
        "check_kind": "years_operating",
        "parameter": 3,
        "text": "从事合法生产经营或公益活动三年以上",
        "article": "第十五条第（一）项",
    },
    {
        "check_kind": "judgment",
        "text": "符合国家和我市产业导向、环境保护、节能减排、安全生产、质量等法律法规及政策的相关要求，具备相关资质或证照",
        "article": "第十五条第（二）项",
    },
    {
        "check_kind": "judgment",
        "text": "质量管理体系健全，行业、组织特色鲜明，经验成熟可行，具有标杆示范作用",
        "article": "第十五条第（三）项",
    },
    {
        "check_kind": "judgment",
        "text": (
            "具有突出的经营业绩或社会贡献：上年度经营收入、利税总额等主要经济指标名列市内同行业前列或者连续两年增长率在20%以上，"
            "最近三年未发生亏损（政策性亏损除外）；非盈利性组织，其贡献及影响力位于同行业前列"
        ),
        "article": "第十五条第（四）项",
    },
    {
        "check_kind": "judgment",
        "parameter": 3,
        "text": (
            "积极履行社会责任，具有良好的诚信记录和社会声誉；近3年内无较大质量、安全、环境污染、公共卫生、食品安全等事故，"
            "无重大质量投诉，无国家、省、市质量监督抽查不合格记录，无重大劳动保障失信记录，"
            "无因重大质量、安全等问题被境外退运或境外通报，无其他严重违法违规不良记录"
        ),
        "article": "第十五条第（五）项",
    },
    {
        "check_kind": "cooling_off",
        "text": "获得编钟质量奖的组织再次申奖应于获奖5年以后",
        "article": "第三十二条第二款",
    },
    {
        "check_kind": "sanction",
        "text": "被撤销奖项的组织5年内不得参加编钟质量奖的申报",
        "article": "第三十四条第三款",
    },
]

SANCTIONS = [
    {
        "cause": "fraud",
        "bar_value": 5,
        "bar_unit": "years",
        "consequence": "市质强办可提请市政府撤销其编钟质量奖，收回奖杯、证书，追缴奖励资金，并予以曝光；被撤销奖项的组织5年内不得申报（第三十四条第三款）",
        "article": "第三十五条、第三十四条第三款",
        "grounds": ["fraud", "bribery"],
    },
    {
        "cause": "revocation",
        "bar_value": 5,
        "bar_unit": "years",
        "consequence": "质量管理严重下滑逾期未整改或发生重大质量安全事故的，撤销称号，收回奖杯、证书，追缴奖励资金",
        "article": "第三十四条",
        "grounds": ["decline", "incident"],
    },
]
