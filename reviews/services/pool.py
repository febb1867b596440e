"""The expert pool (评审员专家库): profiles, declared relations, and who is free of conflicts."""

from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms

from accounts.enums import AuthorityPermission
from accounts.services import audit_record
from applications.models import Application

from ..errors import ReviewError
from ..models import (
    ReviewerProfile,
    ReviewerRelation,
    Round,
)
from ..permissions import can_manage_pool


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


def eligible_pool(round_: Round, applications, *, exclude_profile_ids=()):
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
