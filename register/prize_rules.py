"""The rule a prize was computed by, kept as its English source and read in the reader's language.

A register row outlives the language of the request that wrote it: a rule stored translated showed
"首次获奖" on English pages. The rule is stored untranslated (``awards.prizes`` writes these) and
translated where it is shown; text stored before, or typed for an earlier year, is shown as it is.
"""

from django.utils.translation import gettext, gettext_noop

FIRST_AWARD = gettext_noop("first award")
REPEAT_AWARD = gettext_noop("repeat award")
SET_FOR_CYCLE = gettext_noop("the amount the office set for this cycle")
AFTER_TIER = gettext_noop("after an earlier award of %(tier)s")
_AFTER_PREFIX = AFTER_TIER.split("%(tier)s")[0]
_FIXED = (FIRST_AWARD, REPEAT_AWARD, SET_FOR_CYCLE)


def after_tier(tier_name: str) -> str:
    """The stored rule of a prize given after an earlier award of the tier named ``tier_name``."""
    return f"{_AFTER_PREFIX}{tier_name}"


def prize_rule_text(stored: str) -> str:
    """A stored prize rule in the active language."""
    if stored in _FIXED:
        return gettext(stored)
    if stored.startswith(_AFTER_PREFIX):
        return gettext(AFTER_TIER) % {"tier": stored.removeprefix(_AFTER_PREFIX)}
    return stored
