"""The expert pool (评审员专家库): profiles, declared relations, and who is free of conflicts.

Declarations frozen while a round draws. From the moment a round of an authority has drawn a group
until that round's stage ends, every draw of it reads the same declared employers and relations:
a reviewer cannot, once it has seen the round's applicants, declare a relation to dodge one of them
or withdraw one to be drawn for a friend's company. A change of employer or of a relation made in
that time is kept as a ``PendingProfileChange``, shown to the reviewer and the office, and applied,
in the order made, once no round of the authority is drawing. It is applied where that is decided:
``pending_changes_apply``, which the draw calls as it reads the eligible pool, every change of a
profile calls first, and the pipeline may call when a review stage ends.
"""

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms

from accounts.enums import AuthorityPermission
from accounts.services import audit_record
from applications.models import Application
from cycles.enums import StageStatus

from ..enums import PendingChangeKind, RelationKind
from ..errors import ReviewError
from ..models import (
    PendingProfileChange,
    ReviewerProfile,
    ReviewerRelation,
    Round,
)
from ..permissions import can_manage_pool

# The declarations a draw reads: frozen while a round of the authority is drawing.
EMPLOYER_FIELDS = ("employer_name", "employer_credit_code")


def drawing_round(authority) -> Round | None:
    """The round of ``authority`` in progress that has drawn a group, if any: while there is one,
    its reviewers' employers and relations are frozen."""
    return (
        Round.objects.filter(
            cycle__scheme__authority=authority, stage__status=StageStatus.CURRENT, groups__isnull=False
        )
        .select_related("stage")
        .order_by("pk")
        .first()
    )


def pending_changes_apply(authority, *, by=None) -> int:
    """Apply the changes held in ``authority``'s pool, in the order they were made, unless a round of
    it is still drawing; returns how many were applied. Each is audited and then deleted."""
    with transaction.atomic():
        changes = list(
            PendingProfileChange.objects.select_for_update(of=("self",))
            .filter(profile__authority=authority)
            .order_by("requested_at", "pk")
        )
        if not changes:
            return 0
        # The profiles first (a draw in flight holds them), then the question: is a round drawing?
        list(
            ReviewerProfile.objects.select_for_update(of=("self",))
            .filter(pk__in={c.profile_id for c in changes})
            .order_by("pk")
        )
        if drawing_round(authority) is not None:
            return 0
        for change in changes:
            _apply(change, by=by)
        return len(changes)


def _apply(change: PendingProfileChange, *, by) -> None:
    profile = ReviewerProfile.objects.select_for_update(of=("self",)).get(pk=change.profile_id)
    if change.kind == PendingChangeKind.EMPLOYER:
        for name in EMPLOYER_FIELDS:
            if name in change.data:
                setattr(profile, name, change.data[name])
        profile.save()
    elif change.kind == PendingChangeKind.RELATION_ADDED:
        ReviewerRelation.objects.create(profile=profile, **change.data)
    else:
        ReviewerRelation.objects.filter(pk=change.data["relation"], profile=profile).delete()
    audit_record(
        actor=by,
        action="reviews.profile_change_applied",
        summary=_("Held change applied to %(reviewer)s: %(change)s") % {"reviewer": profile, "change": change},
        target=profile,
        authority=profile.authority,
        data={"kind": change.kind, "change": change.data, "requested_by": change.requested_by_id},
    )
    change.delete()


def _hold(profile, *, by, kind, data, summary, round_) -> PendingProfileChange:
    change = PendingProfileChange.objects.create(
        profile=profile, kind=kind, data=data, summary=str(summary)[:300], requested_by=by
    )
    audit_record(
        actor=by,
        action="reviews.profile_change_held",
        summary=_("Change held until %(round)s ends: %(reviewer)s, %(change)s")
        % {"round": round_, "reviewer": profile, "change": change},
        target=profile,
        authority=profile.authority,
        data={"kind": kind, "change": data, "round": round_.pk},
    )
    return change


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


def profile_join(authority, *, by) -> ReviewerProfile:
    """The reviewer ``by`` takes its profile in the pool of ``authority`` it was appointed to."""
    if not by.has_perm(AuthorityPermission.REVIEW, authority):
        raise ReviewError(_("You are not in this authority's expert pool."))
    with transaction.atomic():
        profile, created = ReviewerProfile.objects.get_or_create(user=by, authority=authority)
        if created:
            audit_record(
                actor=by,
                action="reviews.profile_created",
                summary=_("%(reviewer)s added to the expert pool") % {"reviewer": profile},
                target=profile,
                authority=authority,
            )
    return profile


PROFILE_FIELDS = (
    "field",
    "industries",
    "industry_codes",
    "employer_name",
    "employer_credit_code",
    "title",
    "qualifications",
)


def profile_update(profile: ReviewerProfile, *, by, **fields) -> ReviewerProfile:
    """Change a pool profile: its staff, or the reviewer itself. While a round of the authority is
    drawing, a change of employer is held (``PendingProfileChange``); the other fields change now."""
    if not (by.pk == profile.user_id or can_manage_pool(by, profile.authority)):
        raise ReviewError(_("You cannot change this profile."))
    with transaction.atomic():
        pending_changes_apply(profile.authority)
        locked = ReviewerProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
        changed = {
            name: fields[name]
            for name in PROFILE_FIELDS
            if name in fields and name not in EMPLOYER_FIELDS and getattr(locked, name) != fields[name]
        }
        # The employer as it will be once the changes held so far apply: a change back is a change too.
        held = {name: getattr(locked, name) for name in EMPLOYER_FIELDS}
        for change in locked.pending_changes.filter(kind=PendingChangeKind.EMPLOYER).order_by("requested_at", "pk"):
            held.update(change.data)
        employer = {name: fields[name] for name in EMPLOYER_FIELDS if name in fields and held[name] != fields[name]}
        round_ = drawing_round(locked.authority) if employer else None
        if round_ is not None:
            _hold(
                locked,
                by=by,
                kind=PendingChangeKind.EMPLOYER,
                data=employer,
                summary=_("employer: %(name)s %(code)s")
                % {
                    "name": employer.get("employer_name", held["employer_name"]),
                    "code": employer.get("employer_credit_code", held["employer_credit_code"]),
                },
                round_=round_,
            )
        else:
            changed.update(employer)
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
) -> ReviewerRelation | PendingProfileChange:
    """Declare a relation of ``profile``; while a round of the authority is drawing, the declaration
    is held (returned as the ``PendingProfileChange``)."""
    if not (by.pk == profile.user_id or can_manage_pool(by, profile.authority)):
        raise ReviewError(_("You cannot change this profile."))
    organisation_name, credit_code = organisation_name.strip(), credit_code.strip().upper()
    if not organisation_name and not credit_code:
        raise ReviewError(_("Name the organisation or give its unified social credit code."))
    data = {"kind": kind, "organisation_name": organisation_name, "credit_code": credit_code, "note": note}
    with transaction.atomic():
        pending_changes_apply(profile.authority)
        profile = ReviewerProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
        round_ = drawing_round(profile.authority)
        if round_ is not None:
            label = RelationKind(kind).label
            return _hold(
                profile,
                by=by,
                kind=PendingChangeKind.RELATION_ADDED,
                data=data,
                summary=_("declares %(relation)s: %(organisation)s")
                % {"relation": label, "organisation": organisation_name or credit_code},
                round_=round_,
            )
        relation = ReviewerRelation.objects.create(profile=profile, **data)
        audit_record(
            actor=by,
            action="reviews.relation_declared",
            summary=_("%(reviewer)s declared: %(relation)s") % {"reviewer": profile, "relation": relation},
            target=profile,
            authority=profile.authority,
        )
    return relation


def relation_remove(relation: ReviewerRelation, *, by, reason: str = "") -> PendingProfileChange | None:
    """Withdraw a declared relation; while a round of the authority is drawing, the withdrawal is
    held (returned as the ``PendingProfileChange``) and the relation still counts in its draws."""
    profile = relation.profile
    if not (by.pk == profile.user_id or can_manage_pool(by, profile.authority)):
        raise ReviewError(_("You cannot change this profile."))
    with transaction.atomic():
        pending_changes_apply(profile.authority)
        profile = ReviewerProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
        relation = ReviewerRelation.objects.filter(pk=relation.pk, profile=profile).first()
        if relation is None:  # withdrawn already
            return None
        round_ = drawing_round(profile.authority)
        if round_ is not None:
            held = profile.pending_changes.filter(
                kind=PendingChangeKind.RELATION_REMOVED, data__relation=relation.pk
            ).first()
            return held or _hold(
                profile,
                by=by,
                kind=PendingChangeKind.RELATION_REMOVED,
                data={"relation": relation.pk},
                summary=_("withdraws %(relation)s") % {"relation": relation},
                round_=round_,
            )
        audit_record(
            actor=by,
            action="reviews.relation_removed",
            summary=_("%(reviewer)s withdrew the relation: %(relation)s") % {"reviewer": profile, "relation": relation},
            target=profile,
            authority=profile.authority,
            reason=reason,
            data={
                "kind": relation.kind,
                "organisation": relation.organisation_name,
                "credit_code": relation.credit_code,
            },
        )
        relation.delete()
    return None


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


def locked_pool(round_: Round) -> list[ReviewerProfile]:
    """The active profiles of the round's authority with their relations, locked, in id order.

    Call it inside the draw's transaction. Changes held since the last round drew are applied first,
    unless a round is still drawing; the profiles are locked so that no change of a declaration
    slips in between this read and the draw's commit (it waits, and is then held)."""
    authority = round_.cycle.scheme.authority
    pending_changes_apply(authority)
    return list(
        ReviewerProfile.objects.select_for_update(of=("self",))
        .filter(authority=authority, is_active=True)
        .select_related("user")
        .prefetch_related("relations")
        .order_by("pk")
    )


class ConflictIndex:
    """The locked profiles' declared employers and relations, by credit code and by name, so that
    the pool of each of many batches is read without checking every profile against it: only the
    profiles a batch's names or codes point to are checked (``conflicts``), the others are free."""

    def __init__(self, profiles):
        self.profiles = {profile.pk: profile for profile in profiles}
        self.ids = list(self.profiles)  # in the profiles' order (by id)
        self.by_code, self.by_name = defaultdict(set), defaultdict(set)
        for profile in profiles:
            if profile.employer_credit_code:
                self.by_code[profile.employer_credit_code.strip().upper()].add(profile.pk)
            if profile.employer_name:
                self.by_name[profile.employer_name.strip()].add(profile.pk)
            for relation in profile.relations.all():
                if relation.credit_code:
                    self.by_code[relation.credit_code.upper()].add(profile.pk)
                if relation.organisation_name:
                    self.by_name[relation.organisation_name.strip()].add(profile.pk)

    def suspects(self, applications) -> set[int]:
        """The profiles that may conflict with an applicant of ``applications`` (a superset)."""
        found = set()
        for application in applications:
            found |= self.by_name.get(application.title.strip(), set())
            if application.organisation is not None:
                found |= self.by_name.get(application.organisation.name.strip(), set())
                found |= self.by_code.get(application.organisation.credit_code.strip().upper(), set())
        return found


def _reasons(profile, applications) -> list[str]:
    return [
        f"{application.title}: {reason}" for application in applications for reason in conflicts(profile, application)
    ]


def pool_for(profiles, applications, *, exclude_profile_ids=(), index: ConflictIndex | None = None):
    """Of ``profiles`` (from ``locked_pool``, in id order), the ids free of conflicts with every
    applicant of the batch, and the exclusions with their reasons, in the profiles' order. Reads
    nothing from the database. With ``index`` (of the same profiles) only the profiles it names are
    checked: the same result, without going through the whole pool for each batch."""
    if index is None:
        index = ConflictIndex(profiles)
    excluded = set(exclude_profile_ids) & set(index.profiles)
    reasons = {}
    for pk in index.suspects(applications) - excluded:
        found = _reasons(index.profiles[pk], applications)
        if found:
            reasons[pk] = "; ".join(found)
    if not excluded and not reasons:
        return list(index.ids), []
    drawn_before = str(_("already drawn for this group"))
    exclusions = [
        {"profile": pk, "reason": drawn_before if pk in excluded else reasons[pk]}
        for pk in sorted(excluded | set(reasons))
    ]
    return [pk for pk in index.ids if pk not in excluded and pk not in reasons], exclusions


def eligible_pool(round_: Round, applications, *, exclude_profile_ids=()):
    """Active profiles of the round's authority, less anyone conflicted with an applicant of the batch
    (``locked_pool`` then ``pool_for``)."""
    return pool_for(locked_pool(round_), applications, exclude_profile_ids=exclude_profile_ids)
