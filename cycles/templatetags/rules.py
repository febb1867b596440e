"""How a rule names its source on a page: its article, or that it is the office's setting."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def article(value):
    """``<span class="article">第十九条</span>``, or, where the text is silent, the office's setting."""
    if value:
        return format_html('<span class="article">{}</span>', value)
    return format_html('<span class="article office-setting">{}</span>', _("the office's setting"))
