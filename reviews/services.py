"""Every change in the review rounds. Each function checks, locks, saves, audits and notifies."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms

from accounts.enums import AuthorityPermission
from accounts.services import audit_record, notify
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.permissions import is_owner
from applications.services.transitions import application_set_status
from cycles.enums import REVIEW_STAGES, StageKind, StageStatus
from cycles.models import CycleStage

from .drawing import draw, new_seed
from .enums import PERCENT_STEP, DrawKind, EntryDecision, MemberStatus, SheetStatus
from .errors import ReviewError
from .models import (
    ConsensusScore,
    Declaration,
    Draw,
    GroupMember,
    GroupReport,
    ItemScore,
    ReviewerProfile,
    ReviewerRelation,
    ReviewGroup,
    Round,
    RoundEntry,
    ScoreSheet,
)
from .permissions import can_manage_pool, can_manage_round, is_active_member, is_leader

# Schemes whose applicant confirms the on-site review report (Qingyuan 四(三): 现场评审报告由该组织确认).
# Copied onto each on-site Round when it is created, with the article of the on-site stage. Stands in
# for a scheme field (``onsite_report_confirmation_article``) the rulebook does not have yet.


# The expert pool ------------------------------------------------------------------------------


def pool_sync(authority, *, by=None) -> list[ReviewerProfile]:
    """Give every reviewer account of ``authority`` a profile in its pool; returns the new ones."""
    users = get_users_with_perms(
        authority, only_with_perms_in=[AuthorityPermission.REVIEW.split(".")[1]], with_group_users=False
    )
    have = set(ReviewerProfile.objects.filter(authority=authority).values_list("user_id", flat=True))
    created = []
    for user in users.order_by("pk"):
        if user.pk in have:
            continue
        profile = ReviewerProfile.objects.create(user=user, authority=authority)
        audit_record(
            actor=by,
            action="reviews.profile_created",
            summary=_("%(reviewer)s added to the expert pool") % {"reviewer": profile},
            target=profile,
            authority=authority,
        )
        created.append(profile)
    return created


PROFILE_FIELDS = ("field", "industries", "employer_name", "employer_credit_code", "title", "qualifications")


def profile_update(profile: ReviewerProfile, *, by, **fields) -> ReviewerProfile:
    """Change a pool profile: its staff, or the reviewer itself."""
    if not (by.pk == profile.user_id or can_manage_pool(by, profile.authority)):
        raise ReviewError(_("You cannot change this profile."))
    with transaction.atomic():
        locked = ReviewerProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
        changed = {
            name: fields[name] for name in PROFILE_FIELDS if name in fields and getattr(locked, name) != fields[name]
        }
        for name, value in changed.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=by,
            action="reviews.profile_updated",
            summary=_("Expert pool profile of %(reviewer)s updated") % {"reviewer": locked},
            target=locked,
            authority=locked.authority,
            data={"fields": sorted(changed)},
        )
    return locked


def profile_set_active(profile: ReviewerProfile, *, by, active: bool, reason: str = "") -> ReviewerProfile:
    if not can_manage_pool(by, profile.authority):
        raise ReviewError(_("You do not keep this expert pool."))
    with transaction.atomic():
        locked = ReviewerProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.save(update_fields=["is_active", "updated"])
        audit_record(
            actor=by,
            action="reviews.profile_activated" if active else "reviews.profile_deactivated",
            summary=(_("%(reviewer)s is active in the pool") if active else _("%(reviewer)s is inactive in the pool"))
            % {"reviewer": locked},
            target=locked,
            authority=locked.authority,
            from_state="inactive" if active else "active",
            to_state="active" if active else "inactive",
            reason=reason,
        )
    return locked


def relation_add(
    profile: ReviewerProfile, *, by, kind, organisation_name="", credit_code="", note=""
) -> ReviewerRelation:
    if not (by.pk == profile.user_id or can_manage_pool(by, profile.authority)):
        raise ReviewError(_("You cannot change this profile."))
    organisation_name, credit_code = organisation_name.strip(), credit_code.strip().upper()
    if not organisation_name and not credit_code:
        raise ReviewError(_("Name the organisation or give its unified social credit code."))
    relation = ReviewerRelation.objects.create(
        profile=profile, kind=kind, organisation_name=organisation_name, credit_code=credit_code, note=note
    )
    audit_record(
        actor=by,
        action="reviews.relation_declared",
        summary=_("%(reviewer)s declared: %(relation)s") % {"reviewer": profile, "relation": relation},
        target=profile,
        authority=profile.authority,
    )
    return relation


def relation_remove(relation: ReviewerRelation, *, by, reason: str = "") -> None:
    profile = relation.profile
    if not (by.pk == profile.user_id or can_manage_pool(by, profile.authority)):
        raise ReviewError(_("You cannot change this profile."))
    audit_record(
        actor=by,
        action="reviews.relation_removed",
        summary=_("%(reviewer)s withdrew the relation: %(relation)s") % {"reviewer": profile, "relation": relation},
        target=profile,
        authority=profile.authority,
        reason=reason,
        data={"kind": relation.kind, "organisation": relation.organisation_name, "credit_code": relation.credit_code},
    )
    relation.delete()


def conflicts(profile: ReviewerProfile, application: Application) -> list[str]:
    """The known conflicts of ``profile`` with the applicant of ``application`` (reasons, empty if none).

    Uses the profile's prefetched ``relations`` when present.
    """
    organisation = application.organisation
    names = {application.title.strip()}
    codes = set()
    if organisation is not None:
        names.add(organisation.name.strip())
        codes.add(organisation.credit_code.strip().upper())
    names.discard("")
    reasons = []
    if profile.employer_credit_code and profile.employer_credit_code.strip().upper() in codes:
        reasons.append(_("works for the applicant (credit code)"))
    elif profile.employer_name and profile.employer_name.strip() in names:
        reasons.append(_("works for the applicant"))
    for relation in profile.relations.all():
        if (relation.credit_code and relation.credit_code.upper() in codes) or (
            relation.organisation_name and relation.organisation_name.strip() in names
        ):
            reasons.append(_("declared relation: %(kind)s") % {"kind": relation.get_kind_display()})
    return reasons


def _eligible_pool(round_: Round, applications, *, exclude_profile_ids=()):
    """Active profiles of the round's authority, less anyone conflicted with an applicant of the batch."""
    profiles = (
        ReviewerProfile.objects.filter(authority=round_.cycle.scheme.authority, is_active=True)
        .select_related("user")
        .prefetch_related("relations")
        .order_by("pk")
    )
    pool, exclusions = [], []
    for profile in profiles:
        if profile.pk in exclude_profile_ids:
            exclusions.append({"profile": profile.pk, "reason": str(_("already drawn for this group"))})
            continue
        reasons = [
            f"{application.title}: {reason}"
            for application in applications
            for reason in conflicts(profile, application)
        ]
        if reasons:
            exclusions.append({"profile": profile.pk, "reason": "; ".join(reasons)})
        else:
            pool.append(profile.pk)
    return pool, exclusions


# Rounds --------------------------------------------------------------------------------------


def round_ensure(stage: CycleStage, *, by=None) -> Round:
    """The round of a review stage, created with its entries when first needed. Idempotent.

    Entries: the applications that went on from the previous review round of the cycle, or, for
    the first round, the accepted applications. Where the scheme commends organisations that
    reached on-site review (Suizhou 第二十五条), the on-site round's entries are marked so.
    """
    if stage.kind not in REVIEW_STAGES:
        raise ReviewError(_("This stage is not a review round."))
    scheme = stage.cycle.scheme
    confirms = stage.kind == StageKind.ONSITE_REVIEW and bool(scheme.onsite_report_confirmation_article)
    with transaction.atomic():
        CycleStage.objects.select_for_update(of=("self",)).get(pk=stage.pk)
        round_, created = Round.objects.get_or_create(
            stage=stage,
            defaults={
                "cycle": stage.cycle,
                "kind": stage.kind,
                "applicant_confirms_report": confirms,
                "confirmation_article": scheme.onsite_report_confirmation_article if confirms else "",
            },
        )
        previous = (
            Round.objects.filter(cycle=stage.cycle, stage__order__lt=stage.order).order_by("-stage__order").first()
        )
        if previous is not None:
            applications = Application.objects.filter(
                review_entries__round=previous,
                review_entries__decision=EntryDecision.ADVANCED,
                status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.CANDIDATE],
            )
        else:
            applications = Application.objects.filter(cycle=stage.cycle, status=ApplicationStatus.ACCEPTED)
        have = set(round_.entries.values_list("application_id", flat=True))
        commend = stage.kind == StageKind.ONSITE_REVIEW and bool(scheme.commend_onsite_article)
        new = [
            RoundEntry(
                round=round_, application=application, commended=commend and application.organisation_id is not None
            )
            for application in applications.order_by("pk")
            if application.pk not in have
        ]
        RoundEntry.objects.bulk_create(new)
        if created:
            audit_record(
                actor=by,
                action="reviews.round_started",
                summary=_("%(round)s started with %(count)s applications") % {"round": round_, "count": len(new)},
                target=round_,
                authority=scheme.authority,
                article=stage.article,
            )
    return round_


def round_is_open(round_: Round) -> bool:
    return round_.stage.status == StageStatus.CURRENT


def round_set_margin(round_: Round, *, by, margin: int) -> Round:
    if not can_manage_round(by, round_):
        raise ReviewError(_("You do not run the awards of this authority."))
    if not 0 <= margin <= 100:
        raise ReviewError(_("The margin is a number of percentage points from 0 to 100."))
    with transaction.atomic():
        locked = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
        previous = locked.consensus_margin
        locked.consensus_margin = margin
        locked.save(update_fields=["consensus_margin"])
        audit_record(
            actor=by,
            action="reviews.margin_set",
            summary=_("%(round)s: consensus margin %(margin)s points") % {"round": locked, "margin": margin},
            target=locked,
            authority=locked.cycle.scheme.authority,
            from_state=str(previous),
            to_state=str(margin),
        )
    return locked


# Drawing groups ------------------------------------------------------------------------------


def group_size_bounds(scheme) -> tuple[int, int]:
    return scheme.review_group_min, max(scheme.review_group_max or scheme.review_group_min, scheme.review_group_min)


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
    if not low <= size <= high:
        raise ReviewError(
            _("A review group has %(low)s to %(high)s members (%(article)s).")
            % {"low": low, "high": high, "article": scheme.review_group_article}
        )
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
        if len(locked) != len(entry_ids) or any(entry.group_id for entry in locked):
            raise ReviewError(_("Some of these applications already have a group."))
        applications = [entry.application for entry in locked]
        pool, exclusions = _eligible_pool(locked_round, applications)
        if len(pool) < size:
            raise ReviewError(
                _("Only %(count)s reviewers of the pool are free of conflicts; a group needs %(size)s.")
                % {"count": len(pool), "size": size}
            )
        seed = seed or new_seed()
        result = draw(seed, pool, size)
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
            % {"round": locked_round, "group": group, "applications": "、".join(a.title for a in applications)},
            target=group,
            authority=scheme.authority,
            article=scheme.review_group_article,
            data={"seed": seed, "pool": pool, "exclusions": exclusions, "size": size, "result": result},
        )
        notify(
            recipients=[profiles[pk].user for pk in result],
            subject=_("You were drawn for %(group)s, %(round)s") % {"group": group, "round": locked_round},
            body=_("Declare for each application that you have no conflict of interest before you read its dossier."),
        )
    return group


def draw_verify(record: Draw) -> bool:
    """True when the recorded result is what the recorded seed and pool give."""
    return draw(record.seed, record.pool, record.size) == list(record.result)


# Declarations --------------------------------------------------------------------------------


def declaration_make(entry: RoundEntry, *, by, has_conflict: bool, statement: str = "") -> Declaration:
    """A member declares, before reading the dossier, whether it has a conflict with this applicant.

    A conflict withdraws the member from the group (回避) and draws a replacement the same way:
    seeded and recorded, excluding everyone drawn for the group before and anyone conflicted.
    """
    round_ = entry.round
    scheme = round_.cycle.scheme
    with transaction.atomic():
        entry = (
            RoundEntry.objects.select_for_update(of=("self",))
            .select_related("round__stage", "group", "application__organisation")
            .get(pk=entry.pk)
        )
        if not round_is_open(entry.round):
            raise ReviewError(_("This round is not in progress."))
        if entry.group_id is None or not is_active_member(by, entry.group):
            raise ReviewError(_("You are not a member of this application's review group."))
        if Declaration.objects.filter(entry=entry, reviewer=by).exists():
            raise ReviewError(_("You have already declared for this application."))
        if has_conflict and not statement.strip():
            raise ReviewError(_("Say what the conflict is."))
        declaration = Declaration.objects.create(
            entry=entry, reviewer=by, has_conflict=has_conflict, statement=statement, article=scheme.conflict_article
        )
        audit_record(
            actor=by,
            action="reviews.declared_conflict" if has_conflict else "reviews.declared_no_conflict",
            summary=(
                _("%(reviewer)s declared a conflict of interest with %(application)s")
                if has_conflict
                else _("%(reviewer)s declared no conflict of interest with %(application)s")
            )
            % {"reviewer": by.display_name or by.username, "application": entry.application.title},
            target=entry.group,
            authority=scheme.authority,
            article=scheme.conflict_article,
            reason=statement,
        )
        if has_conflict:
            _withdraw_and_replace(entry, reviewer=by, by=by, reason=statement)
    return declaration


def _withdraw_and_replace(entry: RoundEntry, *, reviewer, by, reason: str) -> GroupMember | None:
    group = entry.group
    scheme = entry.round.cycle.scheme
    member = GroupMember.objects.select_for_update(of=("self",)).get(group=group, reviewer=reviewer)
    was_leader = member.is_leader
    member.status, member.is_leader = MemberStatus.WITHDRAWN, False
    member.save(update_fields=["status", "is_leader"])
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
    pool, exclusions = _eligible_pool(entry.round, applications, exclude_profile_ids=drawn_before)
    replacement = None
    if pool:
        seed = new_seed()
        result = draw(seed, pool, 1)
        record = Draw.objects.create(
            group=group,
            kind=DrawKind.REPLACEMENT,
            seed=seed,
            pool=pool,
            exclusions=exclusions,
            size=1,
            result=result,
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


# Scoring -------------------------------------------------------------------------------------


def check_percent(value) -> int:
    if value is None:
        return None
    if not isinstance(value, int) or not 0 <= value <= 100 or value % PERCENT_STEP:
        raise ReviewError(_("A score is a percentage from 0 to 100 in steps of %(step)s%%.") % {"step": PERCENT_STEP})
    return value


def rubric_items(entry: RoundEntry):
    from cycles.models import RubricItem

    return RubricItem.objects.filter(section__rubric_id=entry.application.category.rubric_id).select_related("section")


def sheet_save(entry: RoundEntry, *, by, scores: dict, submit: bool = False) -> ScoreSheet:
    """Save a reviewer's scores for ``entry`` (a draft), or submit them (final).

    ``scores`` maps a rubric item id to ``{"percent": int|None, "strengths": str, "improvements": str}``.
    """
    with transaction.atomic():
        entry = RoundEntry.objects.select_related(
            "round__stage", "round__cycle__scheme__authority", "group", "application__category"
        ).get(pk=entry.pk)
        if not round_is_open(entry.round):
            raise ReviewError(_("This round is not in progress."))
        if entry.group_id is None or not is_active_member(by, entry.group):
            raise ReviewError(_("You are not a member of this application's review group."))
        if not Declaration.objects.filter(entry=entry, reviewer=by, has_conflict=False).exists():
            raise ReviewError(_("Declare that you have no conflict of interest first."))
        sheet, _created = ScoreSheet.objects.get_or_create(entry=entry, reviewer=by)
        sheet = ScoreSheet.objects.select_for_update(of=("self",)).get(pk=sheet.pk)
        if sheet.status == SheetStatus.SUBMITTED:
            raise ReviewError(_("This score sheet was submitted; only the group leader can reopen it."))
        items = {item.pk: item for item in rubric_items(entry)}
        cleaned = {}
        for item_id, values in scores.items():
            if item_id not in items:
                raise ReviewError(_("This item is not in the application's rubric."))
            cleaned[item_id] = (
                check_percent(values.get("percent")),
                values.get("strengths", ""),
                values.get("improvements", ""),
            )
        existing = {score.item_id: score for score in sheet.scores.all()}
        for item_id, (percent, strengths, improvements) in cleaned.items():
            score = existing.get(item_id) or ItemScore(sheet=sheet, item_id=item_id)
            score.percent, score.strengths, score.improvements = percent, strengths, improvements
            score.save()
            existing[item_id] = score
        if submit:
            missing = [items[pk] for pk in items if existing.get(pk) is None or existing[pk].percent is None]
            if missing:
                raise ReviewError(
                    _("Score every item before submitting; missing: %(items)s")
                    % {"items": "、".join(str(item.number) for item in missing)}
                )
            sheet.status, sheet.submitted_at = SheetStatus.SUBMITTED, timezone.now()
            sheet.save(update_fields=["status", "submitted_at"])
            audit_record(
                actor=by,
                action="reviews.sheet_submitted",
                summary=_("Score sheet for %(application)s submitted") % {"application": entry.application.title},
                target=entry.group,
                authority=entry.round.cycle.scheme.authority,
                from_state=SheetStatus.DRAFT,
                to_state=SheetStatus.SUBMITTED,
            )
    return sheet


def sheet_reopen(sheet: ScoreSheet, *, by, reason: str) -> ScoreSheet:
    """The group leader reopens a submitted sheet so that its reviewer can change it."""
    with transaction.atomic():
        sheet = (
            ScoreSheet.objects.select_for_update(of=("self",))
            .select_related("entry__round__stage", "entry__group", "reviewer")
            .get(pk=sheet.pk)
        )
        entry = sheet.entry
        if not is_leader(by, entry.group):
            raise ReviewError(_("Only the group leader can reopen a score sheet."))
        if not round_is_open(entry.round):
            raise ReviewError(_("This round is not in progress."))
        if sheet.status != SheetStatus.SUBMITTED:
            raise ReviewError(_("This score sheet is not submitted."))
        if not reason.strip():
            raise ReviewError(_("Say why the sheet is reopened."))
        sheet.status, sheet.submitted_at = SheetStatus.DRAFT, None
        sheet.save(update_fields=["status", "submitted_at"])
        audit_record(
            actor=by,
            action="reviews.sheet_reopened",
            summary=_("Score sheet of %(reviewer)s for %(application)s reopened")
            % {"reviewer": sheet.reviewer.display_name, "application": entry.application.title},
            target=entry.group,
            authority=entry.round.cycle.scheme.authority,
            from_state=SheetStatus.SUBMITTED,
            to_state=SheetStatus.DRAFT,
            reason=reason,
        )
        notify(
            recipients=[sheet.reviewer],
            subject=_("Your score sheet for %(application)s was reopened") % {"application": entry.application.title},
            body=reason,
        )
    return sheet


def _lock_entry_for_leader(entry: RoundEntry, *, by, refusal: str) -> RoundEntry:
    """The entry, locked, if ``by`` leads its group and the round is in progress; else ``refusal``."""
    entry = (
        RoundEntry.objects.select_for_update(of=("self",))
        .select_related(
            "round__stage", "round__cycle__scheme__authority", "group", "application__category", "application__owner"
        )
        .get(pk=entry.pk)
    )
    if not is_leader(by, entry.group):
        raise ReviewError(refusal)
    if not round_is_open(entry.round):
        raise ReviewError(_("This round is not in progress."))
    return entry


def consensus_record(entry: RoundEntry, *, by, percents: dict) -> list[ConsensusScore]:
    """The leader records the group's agreed score per item, once every member has submitted."""
    with transaction.atomic():
        entry = _lock_entry_for_leader(entry, by=by, refusal=_("Only the group leader records the consensus."))
        if entry.decision != EntryDecision.PENDING:
            raise ReviewError(_("The staff have already decided on this application."))
        active = set(entry.group.members.filter(status=MemberStatus.ACTIVE).values_list("reviewer_id", flat=True))
        submitted = set(entry.sheets.filter(status=SheetStatus.SUBMITTED).values_list("reviewer_id", flat=True))
        if not active <= submitted:
            raise ReviewError(_("Every member of the group must submit a score sheet first."))
        items = {item.pk: item for item in rubric_items(entry)}
        if set(percents) != set(items):
            raise ReviewError(_("Give a consensus score for every item."))
        saved = []
        for item_id, percent in percents.items():
            percent = check_percent(percent)
            if percent is None:
                raise ReviewError(_("Give a consensus score for every item."))
            points = (Decimal(items[item_id].points) * percent / 100).quantize(Decimal("0.01"))
            score, _created = ConsensusScore.objects.update_or_create(
                entry=entry, item_id=item_id, defaults={"percent": percent, "points": points}
            )
            saved.append(score)
        audit_record(
            actor=by,
            action="reviews.consensus_recorded",
            summary=_("Consensus scores for %(application)s recorded: %(total)s points")
            % {"application": entry.application.title, "total": sum(score.points for score in saved)},
            target=entry.group,
            authority=entry.round.cycle.scheme.authority,
            data={str(k): v for k, v in percents.items()},
        )
    return saved


def report_write(entry: RoundEntry, *, by, text: str) -> GroupReport:
    """The leader writes the group's report for the round; where the applicant confirms it, it is told."""
    with transaction.atomic():
        entry = _lock_entry_for_leader(entry, by=by, refusal=_("Only the group leader writes the report."))
        if not text.strip():
            raise ReviewError(_("The report is empty."))
        if entry.consensus.count() != rubric_items(entry).count():
            raise ReviewError(_("Record the consensus scores before the report."))
        report = GroupReport.objects.filter(entry=entry).first()
        if report is not None and report.confirmed_at:
            raise ReviewError(_("The applicant has confirmed this report; it can no longer change."))
        if report is None:
            report = GroupReport(entry=entry, written_by=by)
        report.text, report.written_by = text, by
        report.save()
        audit_record(
            actor=by,
            action="reviews.report_written",
            summary=_("%(title)s for %(application)s written")
            % {"title": entry.round.report_title, "application": entry.application.title},
            target=entry.group,
            authority=entry.round.cycle.scheme.authority,
        )
        if entry.round.applicant_confirms_report:
            from django.urls import reverse

            notify(
                recipients=[entry.application.owner],
                subject=_("Please confirm the %(title)s") % {"title": entry.round.report_title},
                body=_("Under %(article)s the report of the review group is confirmed by your organisation.")
                % {"article": entry.round.confirmation_article},
                url=reverse("reviews:report-confirm", args=[entry.pk]),
            )
    return report


def report_confirm(report: GroupReport, *, by, comment: str = "") -> GroupReport:
    """The applicant confirms its on-site review report, with a comment if it has one (Qingyuan 四（三）)."""
    with transaction.atomic():
        report = (
            GroupReport.objects.select_for_update(of=("self",))
            .select_related("entry__round__cycle__scheme__authority", "entry__application")
            .get(pk=report.pk)
        )
        entry = report.entry
        if not is_owner(by, entry.application):
            raise ReviewError(_("Only the applicant confirms its report."))
        if not entry.round.applicant_confirms_report:
            raise ReviewError(_("This report is not confirmed by the applicant."))
        if report.confirmed_at:
            raise ReviewError(_("You have already confirmed this report."))
        report.confirmed_at, report.applicant_comment = timezone.now(), comment
        report.save(update_fields=["confirmed_at", "applicant_comment"])
        audit_record(
            actor=by,
            action="reviews.report_confirmed",
            summary=_("%(application)s confirmed the %(title)s")
            % {"application": entry.application.title, "title": entry.round.report_title},
            target=entry.application,
            authority=entry.round.cycle.scheme.authority,
            article=entry.round.confirmation_article,
            reason=comment,
        )
    return report


# Shortlists ----------------------------------------------------------------------------------


def _open_objection(application) -> bool:
    try:
        from publicity.selectors import has_open_objection
    except ImportError:  # publicity not installed
        return False
    return has_open_objection(application)


def entry_decide(entry: RoundEntry, *, by, advance: bool, feedback: str = "") -> RoundEntry:
    """Staff decide whether an applicant goes on after a round.

    One that goes on needs the group's report and no open objection. One that does not go on is
    told, with feedback (Qingyuan 四（二）), and its application becomes “not shortlisted”.
    """
    with transaction.atomic():
        entry = (
            RoundEntry.objects.select_for_update(of=("self",))
            .select_related("round__stage", "round__cycle__scheme__authority", "application")
            .get(pk=entry.pk)
        )
        round_ = entry.round
        if not can_manage_round(by, round_):
            raise ReviewError(_("You do not run the awards of this authority."))
        if not round_is_open(round_):
            raise ReviewError(_("This round is not in progress."))
        if entry.decision != EntryDecision.PENDING:
            raise ReviewError(_("This application has already been decided on."))
        if not GroupReport.objects.filter(entry=entry).exists():
            raise ReviewError(_("The review group has not written its report yet."))
        previous = entry.decision
        if advance:
            if _open_objection(entry.application):
                raise ReviewError(
                    _("%(application)s has an open objection; it cannot go on before the objection is settled.")
                    % {"application": entry.application.title}
                )
            entry.decision = EntryDecision.ADVANCED
        else:
            if not feedback.strip():
                raise ReviewError(_("Give the applicant feedback on the review."))
            entry.decision = EntryDecision.ELIMINATED
            application_set_status(
                entry.application,
                ApplicationStatus.ELIMINATED,
                by=by,
                article=round_.stage.article,
                reason=feedback,
                summary=_("%(application)s did not go on after %(round)s")
                % {"application": entry.application.title, "round": round_.stage.name},
            )
        entry.feedback, entry.decided_at = feedback, timezone.now()
        entry.save(update_fields=["decision", "feedback", "decided_at"])
        audit_record(
            actor=by,
            action=f"reviews.entry_{entry.decision}",
            summary=_("%(application)s: %(decision)s after %(round)s")
            % {
                "application": entry.application.title,
                "decision": entry.get_decision_display(),
                "round": round_.stage.name,
            },
            target=entry.application,
            authority=round_.cycle.scheme.authority,
            from_state=previous,
            to_state=entry.decision,
            article=round_.stage.article,
            reason=feedback,
        )
    return entry
