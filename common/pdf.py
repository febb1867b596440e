"""Every PDF of the product is rendered here, by WeasyPrint, with the CJK font of
``settings.PDF_FONT_FAMILY`` embedded (templates name it and set ``lang="zh-CN"``)."""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings


def _static_only(url: str):
    """WeasyPrint may read inline data and the project's own static files, nothing else: no
    other local file, no network, whatever a template or a user's text asks for."""
    from weasyprint.urls import default_url_fetcher  # noqa: PLC0415 -- see render_pdf

    parsed = urlparse(url)
    if parsed.scheme == "data":
        return default_url_fetcher(url)
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path)).resolve()
        roots = [Path(root).resolve() for root in settings.STATICFILES_DIRS]
        if any(path.is_relative_to(root) for root in roots):
            return default_url_fetcher(url)
    raise ValueError(f"PDF resource refused: {url}")  # WeasyPrint logs it and leaves the resource out


def render_pdf(html: str) -> bytes:
    """The PDF of ``html``. Relative URLs resolve inside the project folder, to static files only."""
    from weasyprint import HTML  # noqa: PLC0415 -- importing WeasyPrint costs about a second; only PDF renders pay it

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_static_only).write_pdf()
