"""Review groups (评审组): the seeded random draw, its record, withdrawal and replacement."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import audit_entry, audit_record, audit_record_many, notify, notify_each
from applications.models import Industry
from applications.selectors import held_subquery, is_held
from common.machines import check_move
from common.text import join_list
from cycles.editions import article_or_setting

from ..drawing import draw_with_expert, new_seed
from ..enums import MEMBER_MOVES, DrawKind, EntryDecision, MemberStatus
from ..errors import ReviewError
from ..models import (
    Draw,
    GroupMember,
    ReviewerProfile,
    ReviewGroup,
    Round,
    RoundEntry,
)
from ..permissions import can_manage_round
from .pool import ConflictIndex, eligible_pool, locked_pool, pool_for
from .rounds import round_is_open


def member_set_status(member: GroupMember, status: str) -> GroupMember:
    """The one place a group member's status changes: checks ``MEMBER_MOVES``; a withdrawn member
    no longer leads. The caller holds the row lock and writes the audit entry."""
    check_move(MEMBER_MOVES, member.status, status, choices=MemberStatus, error=ReviewError)
    member.status = status
    if status == MemberStatus.WITHDRAWN:
        member.is_leader = False
    member.save(update_fields=["status", "is_leader"])
    return member


def group_size_bounds(scheme) -> tuple[int, int | None]:
    """The smallest and largest review group; ``None``: no upper bound (“3名以上”, 随州 第十九条)."""
    if scheme.review_group_max is None:
        return scheme.review_group_min, None
    return scheme.review_group_min, max(scheme.review_group_max, scheme.review_group_min)


def group_size_rule(scheme) -> str:
    """The group-size rule as a sentence, with its article or as the office's setting."""
    low, high = group_size_bounds(scheme)
    article = article_or_setting(scheme.review_group_article)
    if high is None:
        return _("A review group has at least %(low)s members (%(article)s).") % {"low": low, "article": article}
    if high == low:
        return _("A review group has %(low)s members (%(article)s).") % {"low": low, "article": article}
    return _("A review group has %(low)s to %(high)s members (%(article)s).") % {
        "low": low,
        "high": high,
        "article": article,
    }


def industry_experts(round_, pool: list[int], applications) -> tuple[list[int], str]:
    """Where the scheme wants an expert of the applicants' industry in each group: the pool's
    experts of it (sorted ids) and the note the draw records, also when the pool has none."""
    codes = dict(ReviewerProfile.objects.filter(pk__in=pool).values_list("pk", "industry_codes"))
    return _experts_of(round_.cycle.scheme, codes, pool, applications)


def _experts_of(scheme, codes: dict, pool: list[int], applications) -> tuple[list[int], str]:
    """``industry_experts`` from the profiles' industry codes already read (profile id -> codes)."""
    if not scheme.industry_expert_article:
        return [], ""
    industries = sorted({a.organisation.industry for a in applications if a.organisation_id})
    if not industries:
        return [], ""
    labels = join_list(str(Industry(code).label) for code in industries)
    experts = sorted(pk for pk in pool if set(codes.get(pk) or []) & set(industries))
    if experts:
        note = _("Under %(article)s the group includes an expert of %(industries)s.")
    else:
        note = _(
            "Under %(article)s the group includes an expert of the applicant's industry; the pool has none of %(industries)s."
        )
    return experts, note % {"article": scheme.industry_expert_article, "industries": labels}


def _check_size(scheme, size: int) -> None:
    low, high = group_size_bounds(scheme)
    if size < low or (high is not None and size > high):
        raise ReviewError(group_size_rule(scheme))


def _lock_open_round(round_: Round) -> Round:
    locked = (
        Round.objects.select_for_update(of=("self",))
        .select_related("stage", "cycle__scheme__authority")
        .get(pk=round_.pk)
    )
    if not round_is_open(locked):
        raise ReviewError(_("This round is not in progress."))
    return locked


def _next_number(round_: Round) -> int:
    return (round_.groups.order_by("-number").values_list("number", flat=True).first() or 0) + 1


def _planned_draw(round_, profiles, applications, size: int, seed: str, *, index=None, codes=None) -> dict:
    """The draw of one group for ``applications`` from the locked ``profiles``: seed, pool,
    exclusions, experts and result, computed without reading the database (``index`` and
    ``codes``, the profiles' industries by id, read once for many draws)."""
    pool, exclusions = pool_for(profiles, applications, index=index)
    if len(pool) < size:
        raise ReviewError(
            _("Only %(count)s reviewers of the pool are free of conflicts; a group needs %(size)s.")
            % {"count": len(pool), "size": size}
        )
    if codes is None:
        codes = {profile.pk: profile.industry_codes for profile in profiles}
    experts, industry_note = _experts_of(round_.cycle.scheme, codes, pool, applications)
    return {
        "seed": seed,
        "pool": pool,
        "exclusions": exclusions,
        "size": size,
        "result": draw_with_expert(seed, pool, size, experts),
        "industry_experts": experts,
        "industry_note": industry_note,
    }


def _write_groups(round_: Round, *, by, batches, plans, number: int, profiles) -> list[ReviewGroup]:
    """Write the groups of ``plans`` (one per batch of entries) in bulk: the groups, their draw
    records, members, entries, audit entries and the drawn reviewers' messages; a fixed number of
    queries whatever the number of groups."""
    scheme = round_.cycle.scheme
    by_id = {profile.pk: profile for profile in profiles}
    drawn = ReviewGroup.objects.bulk_create(
        [ReviewGroup(round=round_, number=number + index, created_by=by) for index in range(len(plans))]
    )
    records = Draw.objects.bulk_create(
        [
            Draw(
                group=group,
                kind=DrawKind.GROUP,
                seed=plan["seed"],
                pool=plan["pool"],
                exclusions=plan["exclusions"],
                size=plan["size"],
                result=plan["result"],
                industry_experts=plan["industry_experts"],
                industry_note=plan["industry_note"],
                drawn_by=by,
            )
            for group, plan in zip(drawn, plans, strict=True)
        ]
    )
    GroupMember.objects.bulk_create(
        [
            GroupMember(group=group, profile=by_id[pk], reviewer=by_id[pk].user, draw=record, is_leader=index == 0)
            for group, record, plan in zip(drawn, records, plans, strict=True)
            for index, pk in enumerate(plan["result"])
        ]
    )
    entries = []
    for group, batch in zip(drawn, batches, strict=True):
        for entry in batch:
            entry.group = group
            entries.append(entry)
    RoundEntry.objects.bulk_update(entries, ["group"])
    audit_record_many(
        [
            audit_entry(
                actor=by,
                action="reviews.group_drawn",
                summary=_("%(round)s: %(group)s drawn for %(applications)s")
                % {"round": round_, "group": group, "applications": join_list(e.application.title for e in batch)},
                target=group,
                authority=scheme.authority,
                article=scheme.review_group_article,
                reason=plan["industry_note"],
                data={key: plan[key] for key in ("seed", "pool", "exclusions", "size", "result", "industry_experts")},
            )
            for group, batch, plan in zip(drawn, batches, plans, strict=True)
        ]
    )
    notify_each(
        messages=[
            (
                by_id[pk].user,
                _("You were drawn for %(group)s, %(round)s") % {"group": group, "round": round_},
                _("Declare for each application that you have no conflict of interest before you read its dossier."),
                "",
            )
            for group, plan in zip(drawn, plans, strict=True)
            for pk in plan["result"]
        ]
    )
    return drawn


def group_draw(round_: Round, *, by, entries, size: int, seed: str | None = None) -> ReviewGroup:
    """Draw a review group for ``entries`` (one or a batch) at random from the active pool.

    Excludes anyone with a known conflict with an applicant of the batch; the first drawn is the
    leader (组长). Records the seed, the sorted eligible pool, the exclusions and the result, and
    tells the drawn reviewers.
    """
    if not can_manage_round(by, round_):
        raise ReviewError(_("You do not run the awards of this authority."))
    _check_size(round_.cycle.scheme, size)
    entry_ids = [entry.pk for entry in entries]
    if not entry_ids:
        raise ReviewError(_("Choose at least one application."))
    with transaction.atomic():
        locked_round = _lock_open_round(round_)
        locked = list(
            RoundEntry.objects.select_for_update(of=("self",))
            .filter(pk__in=entry_ids, round=locked_round)
            .select_related("application__organisation")
            .order_by("pk")
        )
        held = [entry.application.title for entry in locked if is_held(entry.application)]
        if held:
            raise ReviewError(
                _("No group is drawn for %(applications)s while an objection about it is being examined.")
                % {"applications": join_list(held)}
            )
        if len(locked) != len(entry_ids) or any(entry.group_id for entry in locked):
            raise ReviewError(_("Some of these applications already have a group."))
        profiles = locked_pool(locked_round)
        plan = _planned_draw(locked_round, profiles, [e.application for e in locked], size, seed or new_seed())
        (group,) = _write_groups(
            locked_round, by=by, batches=[locked], plans=[plan], number=_next_number(locked_round), profiles=profiles
        )
    return group


def groups_draw_all(round_: Round, *, by, size: int, seed: str | None = None) -> list[ReviewGroup]:
    """Draw a review group for each application of the round that has none (one application a
    group), as ``group_draw`` would one by one: each group keeps its own seed, pool, exclusions and
    result, so that each draw is recomputed alone (``draw_verify``). An application held by an
    objection gets none and stays free. With ``seed``, group *n* of this draw uses ``seed:n``.

    Reads the entries, the pool and its relations once and writes in bulk: a fixed number of
    queries whatever the number of groups. All groups or none: one that the pool cannot fill
    stops the draw."""
    if not can_manage_round(by, round_):
        raise ReviewError(_("You do not run the awards of this authority."))
    _check_size(round_.cycle.scheme, size)
    with transaction.atomic():
        locked_round = _lock_open_round(round_)
        free = list(
            RoundEntry.objects.select_for_update(of=("self",))
            .filter(round=locked_round, group__isnull=True, decision=EntryDecision.PENDING)
            .exclude(held_subquery("application_id"))
            .select_related("application__organisation")
            .order_by("application__title", "pk")
        )
        if not free:
            raise ReviewError(_("Every application of this round already has a group."))
        profiles = locked_pool(locked_round)
        conflicts, codes = ConflictIndex(profiles), {profile.pk: profile.industry_codes for profile in profiles}
        batches = [[entry] for entry in free]
        plans = [
            _planned_draw(
                locked_round,
                profiles,
                [entry.application],
                size,
                f"{seed}:{number}" if seed else new_seed(),
                index=conflicts,
                codes=codes,
            )
            for number, entry in enumerate(free, start=1)
        ]
        return _write_groups(
            locked_round, by=by, batches=batches, plans=plans, number=_next_number(locked_round), profiles=profiles
        )


def draw_verify(record: Draw) -> bool:
    """True when the recorded result is what the recorded seed and pool give."""
    return draw_with_expert(record.seed, record.pool, record.size, record.industry_experts) == list(record.result)


def withdraw_and_replace(entry: RoundEntry, *, reviewer, by, reason: str) -> GroupMember | None:
    group = entry.group
    scheme = entry.round.cycle.scheme
    member = GroupMember.objects.select_for_update(of=("self",)).get(group=group, reviewer=reviewer)
    was_leader = member.is_leader
    member_set_status(member, MemberStatus.WITHDRAWN)
    audit_record(
        actor=by,
        action="reviews.member_withdrawn",
        summary=_("%(reviewer)s withdrawn from %(group)s") % {"reviewer": member.profile, "group": group},
        target=group,
        authority=scheme.authority,
        from_state=MemberStatus.ACTIVE,
        to_state=MemberStatus.WITHDRAWN,
        article=scheme.conflict_article,
        reason=reason,
    )
    applications = [e.application for e in group.entries.select_related("application__organisation")]
    drawn_before = set(group.members.values_list("profile_id", flat=True))
    pool, exclusions = eligible_pool(entry.round, applications, exclude_profile_ids=drawn_before)
    replacement = None
    if pool:
        seed = new_seed()
        experts, industry_note = industry_experts(entry.round, pool, applications)
        remaining = set(group.members.filter(status=MemberStatus.ACTIVE).values_list("profile_id", flat=True))
        all_experts, _note = industry_experts(entry.round, sorted(remaining), applications)
        if all_experts:
            experts, industry_note = [], ""  # the group keeps an industry expert: a plain draw
        result = draw_with_expert(seed, pool, 1, experts)
        record = Draw.objects.create(
            group=group,
            kind=DrawKind.REPLACEMENT,
            seed=seed,
            pool=pool,
            exclusions=exclusions,
            size=1,
            result=result,
            industry_experts=experts,
            industry_note=industry_note,
            drawn_by=by,
        )
        profile = ReviewerProfile.objects.select_related("user").get(pk=result[0])
        replacement = GroupMember.objects.create(group=group, profile=profile, reviewer=profile.user, draw=record)
        audit_record(
            actor=by,
            action="reviews.replacement_drawn",
            summary=_("%(reviewer)s drawn for %(group)s to replace a withdrawn member")
            % {"reviewer": profile, "group": group},
            target=group,
            authority=scheme.authority,
            article=scheme.conflict_article,
            data={"seed": seed, "pool": pool, "exclusions": exclusions, "size": 1, "result": result},
        )
        notify(
            recipients=[profile.user],
            subject=_("You were drawn for %(group)s, %(round)s") % {"group": group, "round": entry.round},
            body=_("Declare for each application that you have no conflict of interest before you read its dossier."),
        )
    else:
        audit_record(
            actor=by,
            action="reviews.replacement_unavailable",
            summary=_("No reviewer of the pool is free to replace the withdrawn member of %(group)s")
            % {"group": group},
            target=group,
            authority=scheme.authority,
        )
    if was_leader:
        successor = group.members.filter(status=MemberStatus.ACTIVE).order_by("pk").first()
        if successor is not None:
            successor.is_leader = True
            successor.save(update_fields=["is_leader"])
            audit_record(
                actor=by,
                action="reviews.leader_named",
                summary=_("%(reviewer)s leads %(group)s") % {"reviewer": successor.profile, "group": group},
                target=group,
                authority=scheme.authority,
            )
    return replacement
