"""晋中市质量奖 (组织 + 个人): 《晋中市质量奖管理办法（修订稿）》.

Plain data read by ``cycles.loader``; every rule carries the article it comes from.
"""

# The version of this shipped data. Raise it with every change: installations that loaded an
# earlier version are then offered the differences to adopt as a new edition (``cycles.loader``).
VERSION = 2

AUTHORITY = {"name": "晋中市人民政府", "region": "晋中市", "office_name": "晋中市质量奖评审委员会办公室"}

SCHEME = {
    "code": "jinzhong",
    "name": "晋中市质量奖",
    "regulation_title": "晋中市质量奖管理办法（修订稿）",
    "regulation_reference": "",
    "regulation_issuer": "",
    "regulation_status": "revised_draft",
    "effective_from": None,
    "expires_on": None,
    "expiry_article": "",
    "summary": (
        "晋中市人民政府设立的质量管理领域最高奖项，授予组织和个人（第二条、第三条），"
        "设质量奖（组织）和质量奖（个人）两个奖项，各分质量奖和提名奖两个等次，组织和个人合并计算名额（第八条）。"
        "原则上每3年评选一届（第五条）。评价标准为 DB14/T 1462、DB14/T 1463（个人）、DB14/T 1464（组织）（第十七条）："
        "平台暂以 GB/T 19580 评价组织，以参照 DB14/T 1463 拟定、待质量办按标准原文校订的个人评分标准评价个人。"
        "陈述答辩在现场评审之后（第十八条）。综合评价权重办法未定，平台默认材料评审30%、现场评审50%、陈述答辩20%；"
        "奖励金为一次性发放，金额办法未定（第十九条）。"
    ),
    "interval_years": 3,
    "interval_article": "第五条",
    "max_team_size": 3,
    "team_size_article": "第十一条",
    "review_group_min": 3,
    "review_group_max": None,
    # 第十三条第（四）项 and 第十四条 form expert groups but name no size: the office's setting.
    "review_group_article": "",
    "industry_expert_article": "",
    "conflict_article": "",
    "withdrawal_article": "",
    "confidentiality_article": "第二十八条",
    "objection_article": "第十三条第（六）项",
    "objection_identity_required": False,
    "objection_identity_article": "",
    "objection_window_days": None,
    "objection_window_unit": "working",
    "objection_window_article": "",
    "objection_any_time_article": "",
    "objection_report_article": "",
    "objection_opinions_required": False,
    "objection_confirmation_article": "",
    "committee_secret_ballot": False,
    "committee_article": "第十八条第（八）项",
    "committee_single_vote_article": "",
    "committee_ranked_list_article": "",
    "validity_years": None,
    "follow_up_article": "第二十六条",
    "validity_article": "",
    "public_evaluation_article": "",
    "commend_onsite_article": "",
    "onsite_report_confirmation_article": "",
}

TIERS = [
    {
        "code": "award",
        "name": "晋中市质量奖",
        "rank": 1,
        "quota": 5,
        "quota_article": "第八条",
        "may_stay_vacant": True,
        "prize_first": None,
        "prize_repeat": None,
        "prize_article": "第十九条",
        "repeat_counts_toward_quota": True,
        "repeat_article": "",
        "grants_certificate": True,
        "certificate_article": "第十九条",
        "prize_set_per_cycle": True,
        "cooling_off_value": 2,
        "cooling_off_unit": "cycles",
        "cooling_off_article": "第六条",
    },
    {
        "code": "nomination",
        "name": "晋中市质量奖提名奖",
        "rank": 2,
        "quota": 10,
        "quota_article": "第八条",
        "may_stay_vacant": True,
        "prize_first": None,
        "prize_repeat": None,
        "prize_article": "第十九条",
        "repeat_counts_toward_quota": True,
        "repeat_article": "",
        "grants_certificate": True,
        "certificate_article": "第十九条",
        "prize_set_per_cycle": True,
        "cooling_off_value": None,
        "cooling_off_unit": "cycles",
        "cooling_off_article": "第六条",
    },
]

CATEGORIES = [
    {
        "code": "organisation",
        "name": "晋中市质量奖（组织）",
        "applicant_kind": "organisation",
        "tiers": ["award", "nomination"],
        "rubric": "gbt19580",
        "article": "第三条、第八条、第九条",
    },
    {
        "code": "individual",
        "name": "晋中市质量奖（个人）",
        "applicant_kind": "individual",
        "tiers": ["award", "nomination"],
        "rubric": "jinzhong-individual",
        "article": "第三条、第八条、第十一条",
        "allows_teams": False,
    },
    {
        # 第十一条: only entries on quality research or quality-improvement teams may be joint.
        "code": "team",
        "name": "晋中市质量奖（个人）：质量科研、质量攻关小组（3人以内共同申报）",
        "applicant_kind": "individual",
        "tiers": ["award", "nomination"],
        "rubric": "jinzhong-individual",
        "article": "第十一条",
        "allows_teams": True,
    },
]

STAGES = [
    {"kind": "call", "name": "发布信息", "article": "第十八条第（一）项", "planned_days": 7},
    {"kind": "application", "name": "组织申报", "article": "第十八条第（二）项"},
    {
        "kind": "recommendation",
        "name": "县（市、区）政府、开发区管委会及主管部门初审推荐",
        "article": "第十八条第（三）项",
    },
    {"kind": "eligibility", "name": "资格审查", "article": "第十八条第（三）项"},
    {
        "kind": "acceptance_notice",
        "name": "受理名单公示",
        "article": "第十八条第（三）项",
        "notice_days": 5,
        "notice_period_article": "第十八条第（三）项",
        "notice_unit": "working",
    },
    {
        "kind": "material_review",
        "name": "材料评审",
        "article": "第十八条第（四）项",
        "score_weight": 30,
        "planned_days": 21,
    },
    {
        "kind": "onsite_review",
        "name": "现场评审",
        "article": "第十八条第（五）项",
        "score_weight": 50,
        "planned_days": 30,
    },
    {"kind": "defence", "name": "陈述答辩", "article": "第十八条第（六）项", "score_weight": 20, "planned_days": 7},
    {"kind": "comprehensive_evaluation", "name": "综合评价", "article": "第十八条第（七）项", "planned_days": 7},
    {"kind": "committee_vote", "name": "领导小组全体会议审议", "article": "第十八条第（八）项", "planned_days": 7},
    {
        "kind": "candidate_notice",
        "name": "拟获奖名单公示",
        "article": "第十八条第（八）项",
        "notice_days": 5,
        "notice_period_article": "第十八条第（八）项",
        "notice_unit": "working",
    },
    {"kind": "government_approval", "name": "报市政府批准", "article": "第十八条第（九）项"},
    {"kind": "announcement", "name": "通报表彰", "article": "第十八条第（九）项", "planned_days": 1},
]

CONDITIONS = [
    {
        "applicant_kind": "organisation",
        "check_kind": "years_operating",
        "parameter": 3,
        "text": "依法在晋中市区域内注册登记并正常运行3年以上",
        "article": "第九条第（一）项",
    },
    {
        "applicant_kind": "organisation",
        "check_kind": "judgment",
        "text": "拥护党和国家的路线、方针、政策，符合产业、环保、质量等方面的法律法规及政策要求",
        "article": "第九条第（二）项",
    },
    {
        "applicant_kind": "organisation",
        "check_kind": "judgment",
        "text": "坚持质量第一理念，在质量水平、创新能力、品牌影响力方面取得突出成绩，质量管理模式和方法具有创造性、独特性和可推广性",
        "article": "第九条第（三）项",
    },
    {
        "applicant_kind": "organisation",
        "check_kind": "judgment",
        "parameter": 3,
        "text": (
            "具有突出的经营业绩或社会贡献，在节能减排和环境保护方面取得突出成效，"
            "从事生产、经营活动的企业近3年主要经济、技术指标和质量水平位居省内或本市同行前列"
        ),
        "article": "第九条第（四）项",
    },
    {
        "applicant_kind": "organisation",
        "check_kind": "judgment",
        "text": "品牌优势突出，社会美誉度高，具有良好的质量诚信记录",
        "article": "第九条第（五）项",
    },
    {
        "applicant_kind": "organisation",
        "check_kind": "judgment",
        "parameter": 3,
        "text": "近3年内无重大质量、安全、环境污染、公共卫生等事故及不良信用记录",
        "article": "第九条第（六）项",
    },
    {
        "applicant_kind": "individual",
        "check_kind": "team_size",
        "parameter": 3,
        "text": "涉及质量科研、质量攻关小组评选的，可以3人以内共同申报；其他个人申报为一人",
        "article": "第十一条",
    },
    {
        "applicant_kind": "individual",
        "check_kind": "years_in_quality_work",
        "parameter": 3,
        "text": "从事或分管质量工作3年以上",
        "article": "第十一条第（一）项",
    },
    {
        "applicant_kind": "individual",
        "check_kind": "judgment",
        "text": "政治坚定、品行端正、恪守职业道德和社会规范，无违法、违规、违纪行为",
        "article": "第十一条第（二）项",
    },
    {
        "applicant_kind": "individual",
        "check_kind": "judgment",
        "text": "质量意识和创新能力强，对质量工作具有高度责任感和使命感，为质量振兴事业做出突出贡献，有较大的社会影响力",
        "article": "第十一条第（三）项",
    },
    {
        "applicant_kind": "individual",
        "check_kind": "judgment",
        "text": "具有丰富的质量管理实践经验，质量管理理论研究卓有成效，成果显著，且取得良好经济效益、质量效益和社会效益",
        "article": "第十一条第（四）项",
    },
    {
        "applicant_kind": "individual",
        "check_kind": "judgment",
        "text": "在质量工作领域知名度高，质量工作业绩得到同行的普遍认同",
        "article": "第十一条第（五）项",
    },
    {
        "applicant_kind": "individual",
        "check_kind": "judgment",
        "parameter": 3,
        "text": "个人所属的组织近3年内无重大质量、安全、环境污染、公共卫生等事故",
        "article": "第十一条第（六）项",
    },
    {
        "check_kind": "cooling_off",
        "text": "获得晋中市质量奖的组织和个人，在获奖后两个评选周期内不得重复申报；获得提名奖的可继续申报",
        "article": "第六条",
    },
    {
        "check_kind": "sanction",
        "text": "弄虚作假骗取荣誉或获奖后被撤销奖项的，3个评选周期内不得申报",
        "article": "第二十五条、第二十七条",
    },
]

SANCTIONS = [
    {
        "cause": "fraud",
        "bar_value": 3,
        "bar_unit": "cycles",
        "consequence": "撤销奖项，收回奖牌、证书和奖励金，并向社会公告；构成犯罪的，依法追究刑事责任",
        "article": "第二十五条",
        "grounds": ["fraud", "bribery"],
    },
    {
        "cause": "revocation",
        "bar_value": 3,
        "bar_unit": "cycles",
        "consequence": "获奖组织在有效期内发生重大事故、违规使用标识或其他严重违法行为的，撤销奖项并向社会公告",
        "article": "第二十七条",
        "reclaims_prize": False,
        "grounds": ["incident", "misuse", "violation"],
        "window_within_validity": True,
        "window_article": "第二十七条",
    },
]

# We do not hold the text of DB14/T 1463 (山西省质量奖个人类评价规范): this rubric follows the
# individual conditions of 第十一条 and is labelled for the office to correct against the standard.
RUBRICS = [
    {
        "code": "jinzhong-individual",
        "name": "个人质量贡献评价（参照 DB14/T 1463，待质量办按标准原文校订）",
        "standard": "参照 DB14/T 1463，待校订",
        "sections": [
            {
                "number": "1",
                "title": "品行与责任",
                "points": 150,
                "items": [
                    (
                        "1.1",
                        "职业道德与品行",
                        70,
                        "政治坚定、品行端正、恪守职业道德，无违法违规违纪行为（第十一条第（二）项）。",
                    ),
                    (
                        "1.2",
                        "质量意识与责任感",
                        80,
                        "质量意识强，对质量工作有高度责任感和使命感（第十一条第（三）项）。",
                    ),
                ],
            },
            {
                "number": "2",
                "title": "质量管理实践",
                "points": 250,
                "items": [
                    (
                        "2.1",
                        "质量管理实践经验",
                        130,
                        "从事或分管质量工作的经历、岗位职责和实践深度（第十一条第（一）、（四）项）。",
                    ),
                    ("2.2", "质量方法的应用与推广", 120, "在本组织应用和推广先进质量管理方法的做法与成效。"),
                ],
            },
            {
                "number": "3",
                "title": "创新与研究成果",
                "points": 250,
                "items": [
                    (
                        "3.1",
                        "质量创新与技术攻关",
                        130,
                        "在技术创新、质量攻关、标准制定中取得的成果（第十一条第（三）项）。",
                    ),
                    (
                        "3.2",
                        "质量理论研究成果",
                        120,
                        "质量管理理论研究、论文、专利、标准等成果及其水平（第十一条第（四）项）。",
                    ),
                ],
            },
            {
                "number": "4",
                "title": "质量贡献与效益",
                "points": 250,
                "items": [
                    (
                        "4.1",
                        "经济效益与质量效益",
                        130,
                        "成果带来的质量提升、成本降低、经济效益，有数据佐证（第十一条第（四）项）。",
                    ),
                    ("4.2", "社会效益", 120, "对行业和地区质量发展、质量振兴事业的贡献（第十一条第（三）项）。"),
                ],
            },
            {
                "number": "5",
                "title": "影响力与认同",
                "points": 100,
                "items": [
                    (
                        "5.1",
                        "行业认同与知名度",
                        60,
                        "在质量工作领域的知名度，业绩得到同行普遍认同（第十一条第（五）项）。",
                    ),
                    (
                        "5.2",
                        "示范带动与经验推广",
                        40,
                        "向社会公开和推广质量管理经验与成果，发挥示范作用（第二十四条）。",
                    ),
                ],
            },
        ],
    },
]
