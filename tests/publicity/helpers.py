from publicity.enums import ObjectorKind
from publicity.services import notice_prepare, notice_publish, objection_file

from .conftest import png


def publish(stage, by, *, now=None, department=None, title="受理名单公示"):
    notice = notice_prepare(stage, by=by, title=title, body="现予公示。", department=department)
    return notice_publish(notice, by=by, now=now)


def identified_objection(notice, *, entry=None, now=None, email="objector@example.org", **fields):
    return objection_file(
        notice,
        entry=entry or notice.entries.order_by("order").first(),
        kind=ObjectorKind.INDIVIDUAL,
        name="王建国",
        phone="13800000000",
        address="兰州市城关区庆阳路1号",
        email=email,
        id_number="620102198001010011",
        identity_document=png("身份证.png"),
        content="该单位近五年内发生过质量事故。",
        now=now,
        **fields,
    )
