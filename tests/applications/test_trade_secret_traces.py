"""Trade secrets (兰州 第十一条) leave no trace: no file name or marked text in the audit trail,
notifications, e-mail, exports, logs or error reports."""

import io
import json
import logging

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditEntry, Notification
from applications.eligibility.exports import accepted_list_xlsx
from applications.enums import ApplicationStatus
from applications.models import Application, Evidence
from applications.selectors import rubric_items
from applications.services import dossier as services
from tests.applications.dossier_support import (
    add_declaration,
    fill_dossier,
    make_organisation,
    open_cycle,
    pdf_file,
    png_file,
    start,
)

SECRET_TEXT = "铜锡配比八比二，退火六百度"
SECRET_FILE = "青铜合金配比秘方.pdf"
LATER_SECRET_FILE = "铸造工艺流程秘图.png"


@pytest.fixture
def cycle(scheme):
    add_declaration(scheme)
    return open_cycle(scheme)


@pytest.fixture
def application(cycle, district, applicant):
    return fill_dossier(start(cycle, make_organisation(district, members=[applicant]), applicant), applicant)


def traces():
    """Everything the platform writes about an application besides the dossier itself."""
    texts = []
    for entry in AuditEntry.objects.all():
        texts += [
            entry.summary,
            entry.reason,
            entry.target_repr,
            entry.article,
            json.dumps(entry.data, ensure_ascii=False),
        ]
    for notification in Notification.objects.all():
        texts += [notification.subject, notification.body]
    for message in mail.outbox:
        texts += [message.subject, message.body]
    return "\n".join(texts)


def assert_no_secret(text):
    for secret in (SECRET_TEXT, SECRET_FILE, LATER_SECRET_FILE, "青铜合金配比", "铸造工艺流程"):
        assert secret not in text


def test_secret_text_and_file_names_leave_no_trace_from_writing_to_submission(
    client, application, applicant, cycle, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    client.force_login(applicant)
    item = rubric_items(application)[0]
    autosave = reverse("applications:report-autosave", args=[application.pk, item.pk])
    assert client.post(autosave, {"text": SECRET_TEXT, "is_trade_secret": "1"}).json()["saved"] is True
    upload = reverse("applications:evidence-upload", args=[application.pk])
    client.post(upload, {"file": pdf_file(SECRET_FILE), "item": item.pk, "is_trade_secret": "on"})
    client.post(upload, {"file": png_file(LATER_SECRET_FILE)})
    later = Evidence.objects.get(original_name=LATER_SECRET_FILE)
    client.post(reverse("applications:evidence-secret", args=[later.pk]), {"secret": "1"})
    assert Evidence.objects.filter(is_trade_secret=True).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:dossier-submit", args=[application.pk]), {"confirm": "1"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert AuditEntry.objects.filter(action="evidence.added").count() == 2
    assert Notification.objects.filter(recipient=applicant).count() == 1  # the notice of submission

    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ACCEPTED)
    sheet = load_workbook(io.BytesIO(accepted_list_xlsx(cycle))).active
    exported = "\n".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row)
    assert application.title in exported

    assert_no_secret(traces())
    assert_no_secret(exported)
    assert_no_secret(caplog.text)


def test_evidence_audit_entry_names_the_file_by_number_and_checksum(application, applicant):
    evidence = services.evidence_add(application, by=applicant, uploaded=pdf_file(SECRET_FILE), is_trade_secret=True)
    entry = AuditEntry.objects.get(action="evidence.added")
    assert entry.summary == f"证据文件第 {evidence.pk} 号已加入{application}"
    assert entry.data == {"sha256": evidence.sha256, "size": evidence.size, "kind": "pdf", "trade_secret": True}


def test_error_report_mailed_to_admins_carries_no_report_text(client, settings, application, applicant, monkeypatch):
    settings.ADMINS = [("运维", "ops@example.org")]

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "report_section_save", broken)
    client.force_login(applicant)
    client.raise_request_exception = False
    item = rubric_items(application)[0]
    url = reverse("applications:report-autosave", args=[application.pk, item.pk])
    assert client.post(url, {"text": SECRET_TEXT, "is_trade_secret": "1"}).status_code == 500
    [report] = [message for message in mail.outbox if message.to == ["ops@example.org"]]
    assert "RuntimeError" in report.body and "the database went away" in report.body
    assert "text = '********************'" in report.body
    assert_no_secret(report.body)


def test_error_report_names_uploaded_files_without_their_names(client, settings, application, applicant, monkeypatch):
    settings.ADMINS = [("运维", "ops@example.org")]

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "evidence_add", broken)
    client.force_login(applicant)
    client.raise_request_exception = False
    url = reverse("applications:evidence-upload", args=[application.pk])
    assert client.post(url, {"file": pdf_file(SECRET_FILE), "is_trade_secret": "on"}).status_code == 500
    [report] = [message for message in mail.outbox if message.to == ["ops@example.org"]]
    assert "file = '********************'" in report.body
    assert_no_secret(report.body)
