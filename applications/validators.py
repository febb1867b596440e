"""The unified social credit code (统一社会信用代码, GB 32100-2015)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.text import join_list

# The 31 characters of the code: digits and capitals without I, O, Z, S, V.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalise_credit_code(value: str) -> str:
    return "".join((value or "").split()).upper()


def credit_code_check_character(first17: str) -> str:
    total = sum(CHARSET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """Return the normalised code, or raise ValidationError saying what is wrong with it."""
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)s.") % {"count": len(code)},
            code="length",
        )
    wrong = sorted({char for char in code if char not in CHARSET})
    if wrong:
        raise ValidationError(
            _("A unified social credit code cannot contain %(chars)s (I, O, Z, S and V are never used).")
            % {"chars": join_list(wrong)},
            code="characters",
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of a unified social credit code are the region's six-digit code."), code="region"
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character (the last one) of this unified social credit code is wrong; please check the code."),
            code="check",
        )
    return code
