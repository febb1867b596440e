"""Holders of the shipped schemes' awards entered in the register, and applying again."""

import datetime
import itertools

from applications.models import Organisation
from cycles.enums import CycleState
from cycles.models import AwardScheme, Cycle
from register.models import AwardRecord
from tests import factories
from tests.applications.eligibility_support import make_application, make_organisation, open_cycle

_codes = itertools.count(1)


def scheme_of(code) -> AwardScheme:
    return AwardScheme.objects.select_related("authority").get(code=code)


def new_credit_code() -> str:
    return f"91330000MA{next(_codes):08d}"


def award(scheme, tier_code, *, credit_code, awarded_on, valid_until=None, prize=None, paid_on=None, cycle=None):
    """An award of ``scheme`` in the register, as the announcement (or the office, for an earlier
    year) enters it."""
    return AwardRecord.objects.create(
        scheme=scheme,
        tier=scheme.tiers.get(code=tier_code),
        cycle=cycle,
        holder_name=f"获奖企业{credit_code[-4:]}",
        credit_code=credit_code,
        awarded_on=awarded_on,
        award_year=awarded_on.year,
        valid_until=valid_until,
        prize_amount=prize,
        paid_on=paid_on,
    )


def applying_in(scheme, year, *, credit_code, category="organisation"):
    """The holder of ``credit_code`` applying in a cycle of ``scheme`` of ``year`` (deadline 30 June)."""
    organisation = Organisation.objects.select_related("district").filter(credit_code=credit_code).first()
    if organisation is None:
        district = factories.DistrictFactory(authority=scheme.authority)
        organisation = make_organisation(
            district,
            registered_on=datetime.date(2000, 1, 1),
            credit_code=credit_code,
            members=[factories.UserFactory()],
        )
    owner, district = organisation.members.get(), organisation.district
    Cycle.objects.filter(scheme=scheme, state=CycleState.OPEN).update(state=CycleState.CLOSED)  # one open at a time
    cycle = open_cycle(scheme, year=year, name=f"{year}年度")
    return make_application(
        cycle,
        owner=owner,
        district=district,
        organisation=organisation,
        category=scheme.categories.get(code=category),
    )
