"""Builders for the dossier tests: valid credit codes, an open cycle, a filled dossier, small files."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import Organisation, ReportSection
from applications.selectors import declaration_conditions, indicator_years, rubric_items
from applications.services import dossier as services
from applications.validators import credit_code_check_character
from cycles.enums import ConditionCheck
from cycles.models import Cycle, CycleStage, EligibilityCondition
from demo.applications import tiny_pdf, tiny_png
from tests.factories import in_days


def valid_code(number: int, prefix: str = "91421303MA") -> str:
    first17 = f"{prefix}{number:07d}"
    return first17 + credit_code_check_character(first17)


def open_cycle(scheme, *, deadline=None, name="第一届", year=2026):
    """A cycle of ``scheme`` in its first stage (the application stage of ``make_scheme``)."""
    cycle = Cycle.objects.create(
        scheme=scheme, name=name, year=year, call_text="通知", submission_deadline=deadline or in_days(30)
    )
    for index, definition in enumerate(scheme.stages.order_by("order")):
        CycleStage.objects.create(
            cycle=cycle,
            definition=definition,
            order=definition.order,
            kind=definition.kind,
            name=definition.name,
            article=definition.article,
            status="current" if index == 0 else "pending",
            planned_start=datetime.date(year, 1, 1),
            planned_end=datetime.date(year, 12, 31),
        )
    return cycle


def add_declaration(scheme, text="近三年内未发生重大质量、安全、环境事故", article="第十五条第（五）项"):
    return EligibilityCondition.objects.create(
        scheme=scheme, order=9, check_kind=ConditionCheck.JUDGMENT, text=text, article=article
    )


def make_organisation(district, *, members=(), number=1, name="随州编钟制造有限公司"):
    organisation = Organisation.objects.create(
        name=name,
        credit_code=valid_code(number),
        registered_on=datetime.date(2012, 5, 1),
        district=district,
        address="曾都区擂鼓墩大道1号",
        contact_name="张联系",
        contact_phone="0722-1234567",
    )
    organisation.members.add(*members)
    return organisation


def start(cycle, organisation, user):
    return services.application_start(
        by=user, cycle=cycle, category=cycle.scheme.categories.get(), organisation=organisation
    )


def fill_dossier(application, user, *, text="我们坚持质量第一。"):
    """Everything the completeness check asks for."""
    years = indicator_years(application.cycle)
    services.application_form_save(
        application,
        by=user,
        data={
            "legal_representative": "王法人",
            "employees": 320,
            "main_business": "编钟及青铜工艺品",
            "profile": "公司成立于2012年。",
            "certifications": "ISO 9001",
            "indicators": {str(y): {"revenue": "1000.00", "profit": "100.00", "tax": "50.00"} for y in years},
            "declarations": {str(c.pk): True for c in declaration_conditions(application)},
        },
    )
    for item in rubric_items(application):
        services.report_section_save(application, by=user, item=item, text=text)
    return application


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_file(name="证明.pdf"):
    return upload(name, tiny_pdf("evidence"), "application/pdf")


def png_file(name="照片.png"):
    return upload(name, tiny_png(), "image/png")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def ole2_bytes(stream_name="WordDocument"):
    """A stand-in compound file: the OLE2 signature and a directory entry with the stream's name."""
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + stream_name.encode("utf-16-le") + b"\x00" * 1024


def exe_bytes():
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


def section_text(application, item):
    return ReportSection.objects.get(application=application, item=item).text


def past(days=1):
    return timezone.now() - datetime.timedelta(days=days)
