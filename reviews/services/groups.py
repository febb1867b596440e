"""Review groups (评审组): the seeded random draw, its record, withdrawal and replacement."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import audit_record, notify
from applications.models import Industry
from applications.selectors import is_held
from common.machines import check_move
from common.text import join_list
from cycles.editions import article_or_setting

from ..drawing import draw_with_expert, new_seed
from ..enums import MEMBER_MOVES, DrawKind, MemberStatus
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
from .pool import eligible_pool
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
    scheme = round_.cycle.scheme
    if not scheme.industry_expert_article:
        return [], ""
    industries = sorted({a.organisation.industry for a in applications if a.organisation_id})
    if not industries:
        return [], ""
    labels = join_list(str(Industry(code).label) for code in industries)
    profiles = ReviewerProfile.objects.filter(pk__in=pool).values_list("pk", "industry_codes")
    experts = sorted(pk for pk, codes in profiles if set(codes or []) & set(industries))
    if experts:
        note = _("Under %(article)s the group includes an expert of %(industries)s.")
    else:
        note = _(
            "Under %(article)s the group includes an expert of the applicant's industry; the pool has none of %(industries)s."
        )
    return experts, note % {"article": scheme.industry_expert_article, "industries": labels}


def group_draw(round_: Round, *, by, entries, size: int, seed: str | None = None) -> ReviewGroup:
    """Draw a review group for ``entries`` (one or a batch) at random from the active pool.

    Excludes anyone with a known conflict with an applicant of the batch; the first drawn is the
    leader (组长). Records the seed, the sorted eligible pool, the exclusions and the result, and
    tells the drawn reviewers.
    """
    if not can_manage_round(by, round_):
        raise ReviewError(_("You do not run the awards of this authority."))
    scheme = round_.cycle.scheme
    low, high = group_size_bounds(scheme)
    if size < low or (high is not None and size > high):
        raise ReviewError(group_size_rule(scheme))
    entry_ids = [entry.pk for entry in entries]
    if not entry_ids:
        raise ReviewError(_("Choose at least one application."))
    with transaction.atomic():
        locked_round = (
            Round.objects.select_for_update(of=("self",))
            .select_related("stage", "cycle__scheme__authority")
            .get(pk=round_.pk)
        )
        if not round_is_open(locked_round):
            raise ReviewError(_("This round is not in progress."))
        locked = list(
            RoundEntry.objects.select_for_update(of=("self",))
            .filter(pk__in=entry_ids, round=locked_round)
            .select_related("application__organisation")
        )
        held = [entry.application.title for entry in locked if is_held(entry.application)]
        if held:
            raise ReviewError(
                _("No group is drawn for %(applications)s while an objection about it is being examined.")
                % {"applications": join_list(held)}
            )
        if len(locked) != len(entry_ids) or any(entry.group_id for entry in locked):
            raise ReviewError(_("Some of these applications already have a group."))
        applications = [entry.application for entry in locked]
        pool, exclusions = eligible_pool(locked_round, applications)
        if len(pool) < size:
            raise ReviewError(
                _("Only %(count)s reviewers of the pool are free of conflicts; a group needs %(size)s.")
                % {"count": len(pool), "size": size}
            )
        seed = seed or new_seed()
        experts, industry_note = industry_experts(locked_round, pool, applications)
        result = draw_with_expert(seed, pool, size, experts)
        number = (locked_round.groups.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        group = ReviewGroup.objects.create(round=locked_round, number=number, created_by=by)
        record = Draw.objects.create(
            group=group,
            kind=DrawKind.GROUP,
            seed=seed,
            pool=pool,
            exclusions=exclusions,
            size=size,
            result=result,
            industry_experts=experts,
            industry_note=industry_note,
            drawn_by=by,
        )
        profiles = ReviewerProfile.objects.select_related("user").in_bulk(result)
        GroupMember.objects.bulk_create(
            [
                GroupMember(
                    group=group, profile=profiles[pk], reviewer=profiles[pk].user, draw=record, is_leader=index == 0
                )
                for index, pk in enumerate(result)
            ]
        )
        RoundEntry.objects.filter(pk__in=entry_ids).update(group=group)
        audit_record(
            actor=by,
            action="reviews.group_drawn",
            summary=_("%(round)s: %(group)s drawn for %(applications)s")
            % {"round": locked_round, "group": group, "applications": join_list(a.title for a in applications)},
            target=group,
            authority=scheme.authority,
            article=scheme.review_group_article,
            reason=industry_note,
            data={
                "seed": seed,
                "pool": pool,
                "exclusions": exclusions,
                "size": size,
                "result": result,
                "industry_experts": experts,
            },
        )
        notify(
            recipients=[profiles[pk].user for pk in result],
            subject=_("You were drawn for %(group)s, %(round)s") % {"group": group, "round": locked_round},
            body=_("Declare for each application that you have no conflict of interest before you read its dossier."),
        )
    return group


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
