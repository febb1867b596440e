"""Scores and points read the same on every page: at most one decimal place, rounded half up."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from cycles.templatetags.numbers import points


@pytest.mark.parametrize(
    ("value", "reads"),
    [
        (Decimal("42.50"), "42.5"),
        (Decimal("80.00"), "80"),
        (Decimal("83.25"), "83.3"),
        (Decimal("83.24"), "83.2"),
        (Decimal("99.96"), "100"),
        (120, "120"),
        (0, "0"),
        (Decimal("0.00"), "0"),
        (12.345, "12.3"),
        ("7.75", "7.8"),
        (None, ""),
        ("", ""),
    ],
)
def test_points_reads_at_most_one_decimal_place(value, reads):
    assert points(value) == reads


def test_points_leaves_what_is_not_a_number_alone():
    assert points("—") == "—"


def test_points_in_a_template_lets_default_name_a_missing_score():
    template = Template('{% load numbers %}{{ missing|points|default:"—" }} {{ zero|points|default:"—" }}')
    assert template.render(Context({"missing": None, "zero": Decimal("0.00")})) == "— 0"
