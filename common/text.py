"""Text that reads right in either language."""

from collections.abc import Iterable

from django.utils.translation import pgettext


def join_list(items: Iterable) -> str:
    """``items`` as a list in a sentence: "a, b, c" in English, "甲、乙、丙" in Chinese."""
    return pgettext("separator of the items of a list", ", ").join(str(item) for item in items)


def join_clauses(clauses: Iterable) -> str:
    """``clauses`` one after the other in a sentence: "a; b" in English, "甲；乙" in Chinese."""
    return pgettext("separator of the clauses of a sentence", "; ").join(str(clause) for clause in clauses)
