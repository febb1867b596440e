"""The written answer to an objector (书面告知, Lanzhou 第二十九条) as a PDF, with the CJK font embedded."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.pdf import render_pdf


def render_answer_pdf(objection) -> bytes:
    """The answer letter: the reference, the notice, the finding and the answer; nothing about the objector."""
    scheme = objection.cycle.scheme
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "publicity/answer_pdf.html",
            {
                "objection": objection,
                "notice": objection.notice,
                "scheme": scheme,
                "authority": scheme.authority,
                "decided_on": timezone.localtime(objection.decided_at).date(),
                "font_family": settings.PDF_FONT_FAMILY,
            },
        )
    return render_pdf(html)


def render_notice_pdf(notice) -> bytes:
    """A notice as published: its title, text, period, article and list, for the office's records."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "publicity/notice_pdf.html",
            {
                "notice": notice,
                "entries": notice.entries.order_by("order", "id"),
                "scheme": notice.cycle.scheme,
                "authority": notice.cycle.scheme.authority,
                "font_family": settings.PDF_FONT_FAMILY,
            },
        )
    return render_pdf(html)
