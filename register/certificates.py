"""Certificates (证书): the PDF of an award with an embedded CJK font, and its public verification.

A certificate names the award, the tier, the cycle, the award year (随州 第三十二条, 钦州 第二十九条,
晋中 第二十二条 and 兰州 第二十六条 require it beside the title), the holder, the government's approval
document number, the validity where the scheme has one, and a verification code with the QR code
of the public verification page, where a bank or a buyer checks a claim to the title.
"""

import hashlib
import secrets

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.services import audit_record
from common.pdf import render_pdf

from .models import AwardRecord, Certificate

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"ZS-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("register:verify-code", args=[code])


def needs_certificate(record: AwardRecord) -> bool:
    """Holders of a tier that grants a certificate (兰州 第二十条 names only the holders of the title)."""
    return record.tier.grants_certificate and not record.revoked_on


def certificate_html(record: AwardRecord, code: str) -> str:
    url = verification_url(code)
    qr = segno.make(url, error="m").svg_inline(scale=3, border=0)
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "register/certificate_pdf.html",
            {
                "record": record,
                "scheme": record.scheme,
                "authority": record.scheme.authority,
                "code": code,
                "url": url,
                "qr": qr,
                "font_family": settings.PDF_FONT_FAMILY,
            },
        )


def certificate_issue(record: AwardRecord, *, by=None) -> Certificate:
    """The certificate of ``record``, rendered and kept once (idempotent). Writes ``register.certificate_issued``."""
    existing = Certificate.objects.filter(record=record).first()
    if existing is not None:
        return existing
    record = AwardRecord.objects.select_related("scheme__authority", "tier", "cycle").get(pk=record.pk)
    code = new_code()
    content = render_pdf(certificate_html(record, code))
    certificate = Certificate(record=record, code=code, sha256=hashlib.sha256(content).hexdigest())
    certificate.file.save("certificate.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            certificate.save()
            audit_record(
                actor=by,
                action="register.certificate_issued",
                summary=_("Certificate %(code)s issued to %(holder)s") % {"code": code, "holder": record.holder_name},
                target=record,
                authority=record.scheme.authority,
                article=record.tier.certificate_article,
            )
    except IntegrityError:  # issued meanwhile by another worker
        certificate.file.delete(save=False)
        return Certificate.objects.get(record=record)
    return certificate
