"""The PDF of a submitted dossier (WeasyPrint, with the CJK font of ``settings.PDF_FONT_FAMILY`` embedded).

The kept PDF is the complete dossier, trade secrets included: it is served to ``Access.FULL`` only
(staff, reviewers, the applicant). A version for anyone else is rendered with
``render_dossier_pdf(application, access=Access.WITHOUT_SECRETS)``, which leaves the secrets out.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from common.pdf import render_pdf

from .permissions import Access
from .selectors import dossier_for_display


def dossier_pdf_html(application, *, access: Access = Access.FULL) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "applications/dossier_pdf.html",
            {
                "dossier": dossier_for_display(application, access),
                "application": application,
                "font_family": settings.PDF_FONT_FAMILY,
            },
        )


def render_dossier_pdf(application, *, access: Access = Access.FULL) -> bytes:
    html = dossier_pdf_html(application, access=access)
    return render_pdf(html)
