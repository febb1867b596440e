"""Demo: the accepted lists of Jinzhong and Lanzhou are published where their cycles are at that
stage, and a member of the public objects to a Lanzhou applicant, with identity, and is answered."""

import datetime
import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from cycles.enums import StageKind, StageStatus
from pipeline.services import notice_prepare_missing
from publicity.enums import NoticeStatus, ObjectionStatus, ObjectorKind
from publicity.errors import PublicityError
from publicity.models import Notice, Objection
from publicity.services.notices import notice_edit, notice_publish
from publicity.services.objections import objection_decide, objection_file

from .applications import demo_id_number

DEMO_NOTICES = {"jinzhong": "jinzhong-staff", "lanzhou": "lanzhou-staff"}
DEMO_OBJECTOR = "王建国"


def _png() -> bytes:
    """A one-pixel PNG: the demo objector's 'copy of an identity document'."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def build(context: dict) -> None:
    context.setdefault("notices", {})
    for code, staff_username in DEMO_NOTICES.items():
        cycle = context.get("cycles", {}).get(code)
        if cycle is None:
            continue
        stage = cycle.stages.filter(status=StageStatus.CURRENT, kind=StageKind.ACCEPTANCE_NOTICE).first()
        notice = Notice.objects.filter(cycle=cycle, stage__kind=StageKind.ACCEPTANCE_NOTICE).first()
        staff = User.objects.get(username=staff_username)
        try:
            if notice is None and stage is not None:
                notice = notice_prepare_missing(stage, by=staff)
            if notice is not None and notice.status == NoticeStatus.DRAFT:
                notice = notice_edit(
                    notice,
                    by=staff,
                    title=f"{cycle.scheme.name}{cycle.name}受理名单公示",
                    body="经资格审核，以下申报组织列入正式受理名单，现予公示。公示期间，任何单位和个人均可对名单提出异议。",
                )
                notice = notice_publish(notice, by=staff)
        except PublicityError:
            # An empty list, or a period the calendar cannot compute yet: nothing to publish.
            continue
        context["notices"][code] = notice
    # An answered objection on the first published notice: Lanzhou's when its cycle is there, else Jinzhong's.
    published = [
        (code, notice)
        for code, notice in context["notices"].items()
        if notice is not None and notice.status == NoticeStatus.PUBLISHED
    ]
    published.sort(key=lambda pair: pair[0] != "lanzhou")
    if not published:
        return
    code, notice = published[0]
    if Objection.objects.filter(notice=notice, name=DEMO_OBJECTOR).exists():
        return
    entry = notice.entries.filter(removed=False).order_by("order").first()
    if entry is None:
        return
    objection = objection_file(
        notice,
        entry=entry,
        kind=ObjectorKind.INDIVIDUAL,
        name=DEMO_OBJECTOR,
        phone="13800000000",
        address=f"{notice.cycle.scheme.authority.region}人民路1号",
        email="wangjianguo@example.org",
        id_number=demo_id_number("620102", datetime.date(1980, 1, 1), 1),
        identity_document=SimpleUploadedFile("身份证复印件.png", _png(), content_type="image/png"),
        content="据了解，该单位近五年内曾发生质量事故，请核实其是否符合申报条件。",
        evidence=[SimpleUploadedFile("情况说明.png", io.BytesIO(_png()).getvalue(), content_type="image/png")],
    )
    objection_decide(
        objection,
        by=User.objects.get(username=DEMO_NOTICES[code]),
        finding=ObjectionStatus.UNFOUNDED,
        answer="经调查核实，该单位近五年内未发生重大质量、安全、环境污染、公共卫生等事故，异议不成立，"
        "该单位继续参加评审。感谢您对质量奖评审工作的监督。",
    )
