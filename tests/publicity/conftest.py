"""Cycles standing at a notice stage, applications to list, and a Lanzhou-like scheme for objections."""

import datetime
import itertools
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, Organisation
from cycles.enums import DayUnit, StageKind, StageStatus
from cycles.models import Cycle, CycleStage
from tests import factories

_codes = itertools.count(1)

LANZHOU_OBJECTIONS = {
    "objection_article": "第二十八条",
    "objection_identity_required": True,
    "objection_identity_article": "第二十八条",
    "objection_window_days": 5,
    "objection_window_unit": DayUnit.WORKING,
    "objection_window_article": "第二十九条",
}


def at(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def png_bytes() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def png(name="证据.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf(name="证据.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def cycle_at(scheme, kind, *, name="第一届"):
    """A cycle of ``scheme`` whose current stage is the first of ``kind``; earlier stages done."""
    today = timezone.localdate()
    cycle = Cycle.objects.create(
        scheme=scheme,
        name=name,
        year=today.year,
        call_text="申报通知",
        submission_deadline=timezone.now() - datetime.timedelta(days=30),
    )
    reached = False
    for definition in scheme.stages.all():
        if reached:
            status = StageStatus.PENDING
        elif definition.kind == kind:
            status, reached = StageStatus.CURRENT, True
        else:
            status = StageStatus.DONE
        CycleStage.objects.create(
            cycle=cycle,
            definition=definition,
            order=definition.order,
            kind=definition.kind,
            name=definition.name,
            article=definition.article,
            status=status,
            planned_start=today,
            planned_end=today,
            started_at=timezone.now() if status == StageStatus.CURRENT else None,
        )
    return cycle


def make_application(cycle, district, *, title, status=ApplicationStatus.ACCEPTED, owner=None):
    number = next(_codes)
    organisation = Organisation.objects.create(
        name=title, credit_code=f"91420000MA{number:08d}", registered_on=datetime.date(2015, 1, 1), district=district
    )
    return Application.objects.create(
        cycle=cycle,
        category=cycle.scheme.categories.first(),
        organisation=organisation,
        owner=owner or factories.UserFactory(),
        district=district,
        title=title,
        status=status,
    )


@pytest.fixture
def lanzhou(authority):
    return factories.make_scheme(authority, code="lanzhou", **LANZHOU_OBJECTIONS)


@pytest.fixture
def cycle(lanzhou):
    return cycle_at(lanzhou, StageKind.ACCEPTANCE_NOTICE)


@pytest.fixture
def notice_stage(cycle):
    return cycle.stages.get(kind=StageKind.ACCEPTANCE_NOTICE)


@pytest.fixture
def listed(cycle, district):
    return [
        make_application(cycle, district, title="随州市甲机械有限公司"),
        make_application(cycle, district, title="随州市乙食品有限公司"),
    ]
