"""The prize of a winner, computed from its tier's rules and the register, with the rule and article.

随州 800,000 / 200,000 and no money for a repeat winner (第二十六条, 第三十二条); 钦州 300,000 for the top
tier only (第二十二条); 庆元 200,000 for a first 质量奖, 50,000 for a first 创新奖, 150,000 for a 质量奖
after an earlier 创新奖, none for repeats (五(一), 五(三)); 晋中 the amount the office sets for the cycle
(第十九条); 兰州 none (第二十条). Every number is the tier's data; this module holds none of them.

An earlier award that was revoked does not make the new one a repeat: its title and money were
taken back. (The revocation's ban is what bars the holder meanwhile, see ``register.services``.)
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, prefetch_related_objects

from register import prize_rules
from register.models import AwardRecord

from .models import CyclePrize


@dataclass(frozen=True)
class Prize:
    amount: Decimal | None  # None: the rules give no money
    rule: str  # stored untranslated, shown through register.prize_rules.prize_rule_text
    article: str
    repeat: bool


def holder_filter(application) -> Q:
    """The register rows that name the holder of ``application``: its organisation's credit code,
    or the identity number of one of its individuals."""
    query = Q(pk__in=[])
    if application.organisation_id:
        query |= Q(credit_code=application.organisation.credit_code)
    for member in application.team_members.all():
        if member.id_number:
            query |= Q(person_id_number=member.id_number) | Q(holder_id_numbers__contains=member.id_number)
    return query


def earlier_awards(application, tier):
    """Unrevoked awards of ``tier``'s scheme, of any of its editions (matched by the scheme's code),
    that the holder of ``application`` won."""
    return AwardRecord.objects.filter(
        holder_filter(application), scheme__code=tier.scheme.code, revoked_on__isnull=True
    )


def is_repeat(application, tier) -> bool:
    """Whether the holder already won ``tier`` (matched by its code across editions) before this cycle."""
    return earlier_awards(application, tier).filter(tier__code=tier.code).exclude(cycle=application.cycle_id).exists()


def repeat_winners(applications, tier) -> set[int]:
    """The ids of those of ``applications`` whose holder already won ``tier`` before its cycle, as
    ``is_repeat`` answers for each: one query for the register rows of the holders of all of them
    (and their organisations and teams, where not fetched already), whatever their number."""
    applications = list(applications)
    if not applications:
        return set()
    prefetch_related_objects(applications, "organisation", "team_members")
    query = Q(pk__in=[])
    for application in applications:
        query |= holder_filter(application)
    records = list(
        AwardRecord.objects.filter(
            query, scheme__code=tier.scheme.code, tier__code=tier.code, revoked_on__isnull=True
        ).values_list("credit_code", "person_id_number", "holder_id_numbers", "cycle_id")
    )
    repeats = set()
    for application in applications:
        code = application.organisation.credit_code if application.organisation_id else None
        numbers = [member.id_number for member in application.team_members.all() if member.id_number]
        for credit_code, person, holders, cycle_id in records:
            if cycle_id == application.cycle_id:
                continue
            # The same matches as ``holder_filter``'s: the credit code, or an identity number, alone
            # or within a team's numbers (``contains``).
            if credit_code == code or any(number == person or number in holders for number in numbers):
                repeats.add(application.pk)
                break
    return repeats


def prize_for(application, tier) -> Prize:
    """The prize ``application`` gets for ``tier`` in its cycle, by the tier's rules."""
    article = tier.prize_article
    if is_repeat(application, tier):
        amount = tier.prize_repeat or None
        return Prize(amount, prize_rules.REPEAT_AWARD, tier.repeat_article or article, True)
    if tier.prize_set_per_cycle:
        set_ = CyclePrize.objects.filter(cycle_id=application.cycle_id, tier=tier).first()
        amount = set_.amount if set_ and set_.amount else None
        return Prize(amount, prize_rules.SET_FOR_CYCLE, article, False)
    if (
        tier.prize_after_tier_id
        and earlier_awards(application, tier).filter(tier__code=tier.prize_after_tier.code).exists()
    ):
        rule = prize_rules.after_tier(tier.prize_after_tier.name)
        return Prize(tier.prize_after_amount or None, rule, article, False)
    return Prize(tier.prize_first or None, prize_rules.FIRST_AWARD, article, False)
