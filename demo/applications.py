"""Demo applicants: for each of the five awards, three organisations with drafts and submitted dossiers.

Accounts ``<slug>-applicant1..3`` (password "Demo#2026award"), each a member of its organisation in a
district of that authority. applicant1 and applicant2 have submitted complete dossiers with evidence
(the recommendation demo recommends or accepts some of them); applicant3 has a draft with a partial
report. In Jinzhong applicant3 has submitted a team application of two individuals instead.
"""

import datetime
import struct
import zlib

from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import User
from applications.models import Application, Organisation
from applications.selectors import declaration_conditions, indicator_years, rubric_items
from applications.services import dossier as services
from applications.services import registration
from applications.validators import credit_code_check_character
from cycles.enums import ApplicantKind
from demo.people import DEMO_PASSWORD, REGION_CODES

# slug: organisation names. Each is registered in a district of its authority, and its unified social
# credit code carries that district's region code (demo.people.REGION_CODES).
DEMO_ORGANISATIONS = {
    "suizhou": [
        ("随州编钟精密制造有限公司", "曾都区"),
        ("随州香菇食品股份有限公司", "随县"),
        ("随州专用汽车有限公司", "随州高新区"),
    ],
    "qinzhou": [
        ("钦州港口机械有限公司", "钦州港经济技术开发区"),
        ("钦州坭兴陶艺有限公司", "钦南区"),
        ("钦州海洋食品有限公司", "钦北区"),
    ],
    "qingyuan": [
        ("浙江庆元竹木制品有限公司", "屏都街道"),
        ("庆元县廊桥文化旅游发展有限公司", "濛洲街道"),
        ("庆元县菇乡食品有限公司", "黄田镇"),
    ],
    "jinzhong": [
        ("晋中液压件制造有限公司", "晋中开发区"),
        ("晋中醋业股份有限公司", "太谷区"),
        ("晋中纺织机械有限公司", "榆次区"),
    ],
    "lanzhou": [
        ("兰州石化装备有限公司", "西固区"),
        ("兰州牛肉面餐饮管理有限公司", "城关区"),
        ("兰州生物制药有限公司", "兰州新区"),
    ],
}

# The person each demo organisation names as its contact, by applicant number (1 to 4); the account's name.
CONTACTS = ["张晓明", "李文华", "王建平", "刘海燕"]
REPORT_TEXT = (
    "本组织高层领导确立了“质量第一、顾客至上”的使命、愿景和价值观，并通过战略研讨会、职工代表大会等方式"
    "向全体员工和相关方沟通。近三年主要产品一次交验合格率保持在99.5%以上，顾客满意度逐年提升。"
)


def tiny_png() -> bytes:
    """A valid 1×1 white PNG."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def tiny_pdf(text: str = "evidence") -> bytes:
    """A valid one-page PDF showing ``text`` (ASCII) in Helvetica."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def demo_credit_code(region: str, number: int) -> str:
    """A valid unified social credit code of a company (91) registered in ``region`` (its six-digit code)."""
    first17 = f"91{region}MA{number:07d}"
    return first17 + credit_code_check_character(first17)


def demo_id_number(region: str, born: datetime.date, sequence: int) -> str:
    """A resident identity number (GB 11643) of someone born in ``region`` on ``born``, with its check character."""
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    total = sum(int(digit) * (2 ** (17 - position) % 11) for position, digit in enumerate(first17))
    return first17 + "10X98765432"[total % 11]


def _applicant(slug, index, authority, district, name):
    username = f"{slug}-applicant{index}"
    user = User.objects.filter(username=username).first()
    if user is None:
        organisation_fields = {
            "name": name,
            "credit_code": demo_credit_code(REGION_CODES[district.name], index),
            "registered_on": datetime.date(2008 + index * 3, 3, 15),
            "legal_person": True,
            "industry": ["manufacturing", "services", "manufacturing"][index - 1],
            "is_sme": index != 1,
            "district": district,
            "address": f"{authority.region}{district.name}工业大道{index * 10}号",
            "contact_name": CONTACTS[index - 1],
            "contact_phone": f"138000000{index:02d}",
            "contact_email": f"{username}@demo.invalid",
        }
        user = registration.applicant_register(
            username=username,
            password=DEMO_PASSWORD,
            display_name=CONTACTS[index - 1],
            email=f"{username}@demo.invalid",
            organisation=organisation_fields,
        )
    return user, Organisation.objects.get(members=user)


def _fill(application, user, *, complete: bool, secret: bool = False):
    years = indicator_years(application.cycle)
    services.application_form_save(
        application,
        by=user,
        data={
            "legal_representative": "王建国",
            "employees": 420,
            "main_business": "主营产品的研发、生产和销售。",
            "profile": f"{application.title}是本地区重点企业，建立了完善的质量管理体系。",
            "certifications": "ISO 9001 质量管理体系认证\nISO 14001 环境管理体系认证",
            "indicators": {
                str(year): {"revenue": f"{12000 + i * 900}.00", "profit": f"{800 + i * 60}.00", "tax": "360.00"}
                for i, year in enumerate(years)
            },
            "declarations": {str(c.pk): True for c in declaration_conditions(application)},
        },
    )
    items = rubric_items(application)
    for position, item in enumerate(items if complete else items[:2]):
        services.report_section_save(
            application,
            by=user,
            item=item,
            text=f"{item.number} {item.title}：{REPORT_TEXT}",
            is_trade_secret=secret and position == 1,
        )
    if complete and items:
        services.evidence_add(
            application,
            by=user,
            uploaded=ContentFile(tiny_pdf("certificate"), name="质量管理体系认证证书.pdf"),
            item=items[0],
            description="认证证书",
        )
        services.evidence_add(
            application,
            by=user,
            uploaded=ContentFile(tiny_png(), name="生产现场照片.png"),
            item=items[-1],
            description="现场照片",
            is_trade_secret=secret,
        )


def _organisation_application(cycle, user, organisation, *, category=None, complete, submit, secret=False):
    category = category or cycle.scheme.categories.filter(applicant_kind=ApplicantKind.ORGANISATION).first()
    application = services.application_start(by=user, cycle=cycle, category=category, organisation=organisation)
    _fill(application, user, complete=complete, secret=secret)
    if submit:
        services.application_submit(application, by=user)
    return application


def _team_application(cycle, user, district):
    # A team applies under the category that allows joint entries (晋中 第十一条: 质量科研、质量攻关小组).
    category = (
        cycle.scheme.categories.filter(applicant_kind=ApplicantKind.INDIVIDUAL)
        .order_by("-allows_teams", "order")
        .first()
    )
    if category is None:
        return None
    application = services.application_start(by=user, cycle=cycle, category=category, district=district)
    members = [
        {
            "name": "李质量",
            "id_number": demo_id_number(REGION_CODES[district.name], datetime.date(1980, 1, 1), 123),
            "years_in_quality_work": 15,
            "employer": "晋中纺织机械有限公司",
            "title": "质量总监",
        },
        {
            "name": "赵改进",
            "id_number": demo_id_number(REGION_CODES[district.name], datetime.date(1985, 5, 5), 234),
            "years_in_quality_work": 9,
            "employer": "晋中纺织机械有限公司",
            "title": "质量工程师",
        },
    ][: max(1, min(2, category.max_team_size))]
    services.team_set(application, by=user, members=members)
    _fill(application, user, complete=True)
    services.application_submit(application, by=user)
    return application


def build(context: dict) -> None:
    """Create (or find) the demo applicants and their applications; running it twice changes nothing."""
    context.setdefault("applications", {})
    for slug, organisations in DEMO_ORGANISATIONS.items():
        authority = context["authorities"][slug]
        cycle = context["cycles"][slug]
        districts = {district.name: district for district in authority.districts.all()}
        for index, (name, district_name) in enumerate(organisations, start=1):
            district = districts[district_name]
            with transaction.atomic():
                user, organisation = _applicant(slug, index, authority, district, name)
                context["users"][f"{slug}-applicant{index}"] = user
                existing = Application.objects.filter(cycle=cycle, owner=user).first()
                if existing is None:
                    categories = list(
                        cycle.scheme.categories.filter(applicant_kind=ApplicantKind.ORGANISATION).order_by("order")
                    )
                    if slug == "jinzhong" and index == 3:
                        existing = _team_application(cycle, user, district)
                    else:
                        existing = _organisation_application(
                            cycle,
                            user,
                            organisation,
                            category=categories[(index - 1) % len(categories)] if index == 2 else categories[0],
                            complete=index in (1, 2),
                            submit=index in (1, 2),
                            secret=slug == "lanzhou" and index == 1,
                        )
                context["applications"][f"{slug}-applicant{index}"] = existing
