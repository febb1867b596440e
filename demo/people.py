"""Demo people: five authorities, each with its districts, departments and one account per role.

Every account's password is ``DEMO_PASSWORD``; the README lists them all.
"""

from django.db import transaction
from guardian.shortcuts import assign_perm

from accounts.enums import DEPARTMENT_PERMISSION, AuthorityPermission, DepartmentKind, Role
from accounts.models import Authority, Department, District, User
from accounts.services import grant_authority_role

DEMO_PASSWORD = "Demo#2026award"

# (slug, authority, region, office, [districts], [(department, kind, [districts])])
AUTHORITIES = [
    (
        "suizhou",
        "随州市人民政府",
        "随州市",
        "随州市质量强市工作委员会办公室（市质强办）",
        ["曾都区", "随县", "广水市", "随州高新区", "大洪山风景名胜区"],
        [
            ("曾都区人民政府", DepartmentKind.COUNTY_GOVERNMENT, ["曾都区"]),
            ("随县人民政府", DepartmentKind.COUNTY_GOVERNMENT, ["随县"]),
            ("广水市人民政府", DepartmentKind.COUNTY_GOVERNMENT, ["广水市"]),
            ("随州高新区管委会", DepartmentKind.DEVELOPMENT_ZONE, ["随州高新区", "大洪山风景名胜区"]),
        ],
    ),
    (
        "qinzhou",
        "钦州市人民政府",
        "钦州市",
        "钦州市市长质量奖评审委员会办公室",
        ["钦南区", "钦北区", "灵山县", "浦北县", "钦州港经济技术开发区"],
        [
            ("钦南区市场监督管理局", DepartmentKind.COUNTY_QUALITY_OFFICE, ["钦南区", "钦州港经济技术开发区"]),
            ("钦北区市场监督管理局", DepartmentKind.COUNTY_QUALITY_OFFICE, ["钦北区"]),
            ("灵山县市场监督管理局", DepartmentKind.COUNTY_QUALITY_OFFICE, ["灵山县"]),
            ("浦北县市场监督管理局", DepartmentKind.COUNTY_QUALITY_OFFICE, ["浦北县"]),
        ],
    ),
    (
        "qingyuan",
        "庆元县人民政府",
        "庆元县",
        "庆元县质量强县工作领导小组办公室",
        ["濛洲街道", "松源街道", "屏都街道", "黄田镇", "竹口镇"],
        [
            ("庆元县经济商务科技局", DepartmentKind.INDUSTRY_DEPARTMENT, ["濛洲街道", "松源街道", "屏都街道"]),
            ("庆元县农业农村局", DepartmentKind.INDUSTRY_DEPARTMENT, ["黄田镇", "竹口镇"]),
        ],
    ),
    (
        "jinzhong",
        "晋中市人民政府",
        "晋中市",
        "晋中市质量奖评审委员会办公室",
        ["榆次区", "太谷区", "介休市", "平遥县", "晋中开发区"],
        [
            ("榆次区人民政府", DepartmentKind.COUNTY_GOVERNMENT, ["榆次区"]),
            ("太谷区人民政府", DepartmentKind.COUNTY_GOVERNMENT, ["太谷区"]),
            ("介休市人民政府", DepartmentKind.COUNTY_GOVERNMENT, ["介休市", "平遥县"]),
            ("晋中开发区管委会", DepartmentKind.DEVELOPMENT_ZONE, ["晋中开发区"]),
        ],
    ),
    (
        "lanzhou",
        "兰州市人民政府",
        "兰州市",
        "兰州市政府质量奖评审委员会办公室",
        ["城关区", "七里河区", "安宁区", "西固区", "兰州新区"],
        [
            ("城关区市场监督管理局", DepartmentKind.COUNTY_QUALITY_OFFICE, ["城关区"]),
            ("七里河区市场监督管理局", DepartmentKind.COUNTY_QUALITY_OFFICE, ["七里河区"]),
            ("安宁区市场监督管理局", DepartmentKind.COUNTY_QUALITY_OFFICE, ["安宁区", "西固区"]),
            ("兰州新区市场监督管理局", DepartmentKind.COUNTY_QUALITY_OFFICE, ["兰州新区"]),
        ],
    ),
]

# The six-digit administrative division code (GB/T 2260) of each demo district, characters 3 to 8 of
# the unified social credit code of a company registered there. Development zones and scenic areas
# register their companies with the city's bureau, hence the city's code.
REGION_CODES = {
    "曾都区": "421303",
    "随县": "421321",
    "广水市": "421381",
    "随州高新区": "421300",
    "大洪山风景名胜区": "421300",
    "钦南区": "450702",
    "钦北区": "450703",
    "灵山县": "450721",
    "浦北县": "450722",
    "钦州港经济技术开发区": "450700",
    # 庆元县 (丽水市, 浙江省): its streets and towns register with the county's bureau.
    "濛洲街道": "331126",
    "松源街道": "331126",
    "屏都街道": "331126",
    "黄田镇": "331126",
    "竹口镇": "331126",
    "榆次区": "140702",
    "太谷区": "140703",
    "介休市": "140781",
    "平遥县": "140728",
    "晋中开发区": "140700",
    "城关区": "620102",
    "七里河区": "620103",
    "西固区": "620104",
    "安宁区": "620105",
    "兰州新区": "620100",
}
# slug: the office's contact, shown on every public notice (fictitious numbers; .invalid addresses).
OFFICE_CONTACTS = {
    "suizhou": ("随州市曾都区舜井大道99号市市场监督管理局", "0722-3200000"),
    "qinzhou": ("钦州市钦南区永福西大街18号市市场监督管理局", "0777-2800000"),
    "qingyuan": ("庆元县濛洲街道新建路66号县市场监督管理局", "0578-6100000"),
    "jinzhong": ("晋中市榆次区顺城街199号市市场监督管理局", "0354-3000000"),
    "lanzhou": ("兰州市城关区南昌路1号市市场监督管理局", "0931-8800000"),
}
# slug: (province, city, the city without 市) for the names of the institutions around each award.
PLACES = {
    "suizhou": ("湖北省", "随州市", "随州"),
    "qinzhou": ("广西壮族自治区", "钦州市", "钦州"),
    "qingyuan": ("浙江省", "丽水市", "丽水"),
    "jinzhong": ("山西省", "晋中市", "晋中"),
    "lanzhou": ("甘肃省", "兰州市", "兰州"),
}

ROLE_ACCOUNTS = [
    # (suffix, role, display name, authority permission)
    ("staff", Role.STAFF, "质量办 王工作", AuthorityPermission.MANAGE),
    ("supervisor", Role.SUPERVISOR, "纪检监察 李监督", AuthorityPermission.SUPERVISE),
    ("committee1", Role.COMMITTEE, "评委 赵一", AuthorityPermission.COMMITTEE),
    ("committee2", Role.COMMITTEE, "评委 钱二", AuthorityPermission.COMMITTEE),
    ("committee3", Role.COMMITTEE, "评委 孙三", AuthorityPermission.COMMITTEE),
]
REVIEWER_NAMES = ["周评审", "吴评审", "郑评审", "冯评审", "陈评审", "褚评审", "卫评审", "蒋评审"]


def _user(username, role, display_name):
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "display_name": display_name, "email": f"{username}@demo.invalid"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def build(context: dict) -> None:
    """Create (or find) the demo authorities and accounts; running it twice changes nothing."""
    context.setdefault("authorities", {})
    context.setdefault("users", {})
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@demo.invalid", DEMO_PASSWORD, display_name="系统管理员", role=Role.STAFF
        )
    for slug, name, region, office, districts, departments in AUTHORITIES:
        address, phone = OFFICE_CONTACTS[slug]
        authority, _ = Authority.objects.get_or_create(
            name=name,
            defaults={
                "region": region,
                "office_name": office,
                "office_address": address,
                "office_phone": phone,
                "office_email": f"zlb@{slug}.demo.invalid",
            },
        )
        context["authorities"][slug] = authority
        by_name = {d: District.objects.get_or_create(authority=authority, name=d)[0] for d in districts}
        for index, (department_name, kind, jurisdiction) in enumerate(departments, start=1):
            department, _ = Department.objects.get_or_create(
                authority=authority, name=department_name, defaults={"kind": kind}
            )
            department.districts.set([by_name[d] for d in jurisdiction])
            user = _user(f"{slug}-dept{index}", Role.DEPARTMENT, department_name)
            assign_perm(DEPARTMENT_PERMISSION, user, department)
            context["users"][f"{slug}-dept{index}"] = user
        for suffix, role, display_name, permission in ROLE_ACCOUNTS:
            user = _user(f"{slug}-{suffix}", role, f"{region}{display_name}")
            grant_authority_role(user, authority, permission)
            context["users"][f"{slug}-{suffix}"] = user
        for index, reviewer_name in enumerate(REVIEWER_NAMES, start=1):
            user = _user(f"{slug}-reviewer{index}", Role.REVIEWER, f"{region}{reviewer_name}")
            grant_authority_role(user, authority, AuthorityPermission.REVIEW)
            context["users"][f"{slug}-reviewer{index}"] = user
