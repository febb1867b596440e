"""The PDF of a submitted dossier (WeasyPrint, with the CJK font of ``settings.PDF_FONT_FAMILY`` embedded).

The kept PDF is the complete dossier, trade secrets included: it is served to ``Access.FULL`` only
(staff, reviewers, the applicant). A version for anyone else is rendered with
``render_dossier_pdf(application, access=Access.WITHOUT_SECRETS)``, which leaves the secrets out.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .permissions import Access
from .selectors import dossier_for_display


def render_dossier_pdf(application, *, access: Access = Access.FULL) -> bytes:
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "applications/dossier_pdf.html",
            {
                "dossier": dossier_for_display(application, access),
                "application": application,
                "font_family": settings.PDF_FONT_FAMILY,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
