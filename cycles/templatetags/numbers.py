"""How a score, a number of points or a total reads on every page: at most one decimal place."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

TENTH = Decimal("0.1")


@register.filter
def points(value):
    """``42.50`` reads ``42.5``, ``80.00`` reads ``80``, ``83.25`` reads ``83.3`` (half up, as the
    running total of the score sheet rounds); an empty value reads empty, so ``|default`` applies."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(TENTH, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value
    if number == number.to_integral_value():
        return f"{number:.0f}"
    return f"{number:.1f}"
