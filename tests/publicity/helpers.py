from pipeline.stages import notice_list
from publicity.enums import ObjectorKind
from publicity.services.notices import notice_prepare, notice_publish
from publicity.services.objections import objection_file

from .conftest import png


def prepare(stage, by, *, department=None, title="受理名单公示"):
    """Draft the notice of ``stage`` with the list the pipeline names for it, as its start does."""
    return notice_prepare(
        stage, by=by, title=title, body="现予公示。", department=department, applications=notice_list(stage, department)
    )


def publish(stage, by, *, now=None, department=None, title="受理名单公示"):
    return notice_publish(prepare(stage, by, department=department, title=title), by=by, now=now)


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
