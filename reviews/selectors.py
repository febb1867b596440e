"""Reads of the review rounds.

For the awards app::

    consensus_totals(cycle) -> dict[application_id, dict[stage_kind, Decimal]]

the consensus total of each application in each review round of ``cycle`` (the sum of the
leader's consensus points per rubric item, from 0 to the rubric's total), keyed by the round's
stage kind (``material_review``, ``defence``, ``onsite_review``). One query. An application
without a recorded consensus in a round has no key for that round.

    consensus_total_subquery(cycle, kind, outer="pk") -> Subquery

the same total as a correlated subquery on the application at ``outer``, for a ranking computed
by the database in one query (NULL while no consensus is recorded).
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, IntegerField, OuterRef, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, Rank, RowNumber

from applications.enums import IN_COMPETITION_STATES, ApplicationStatus
from applications.models import Application
from applications.selectors import held_subquery
from cycles.enums import StageStatus

from .enums import EntryDecision, MemberStatus, SheetStatus
from .models import ConsensusScore, Declaration, GroupMember, ItemScore, Round, RoundEntry, ScoreSheet


def consensus_totals(cycle) -> dict:
    totals = defaultdict(dict)
    rows = (
        ConsensusScore.objects.filter(entry__round__cycle=cycle)
        .values("entry__application_id", "entry__round__kind")
        .annotate(total=Sum("points"))
        .order_by()
    )
    for row in rows:
        totals[row["entry__application_id"]][row["entry__round__kind"]] = row["total"]
    return dict(totals)


def consensus_total_subquery(cycle, kind, outer="pk"):
    return Subquery(
        ConsensusScore.objects.filter(
            entry__application=OuterRef(outer), entry__round__cycle=cycle, entry__round__kind=kind
        )
        .order_by()
        .values("entry__application")
        .annotate(total=Sum("points"))
        .values("total"),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


def _consensus_of_entry(aggregate):
    """``aggregate`` over the consensus scores of the entry being read (NULL when it has none)."""
    output = DecimalField(max_digits=12, decimal_places=2) if isinstance(aggregate, Sum) else IntegerField()
    return Subquery(
        ConsensusScore.objects.filter(entry=OuterRef("pk"))
        .order_by()
        .values("entry")
        .annotate(value=aggregate)
        .values("value"),
        output_field=output,
    )


def round_ranking(round_):
    """The round's entries ranked by consensus total, computed by the database in one set-based
    query: ``position`` is the row's number in the ranking (the order of the list), ``place`` its
    rank (entries with the same total share it), so that any page of it shows its own numbers."""
    order = [F("total").desc(), F("application__title").asc(), F("pk").asc()]
    # Each entry's total and items as subqueries on its consensus scores, not a join grouped by
    # every selected column of the five tables (a sort of 230,000 wide rows at 10,000 entries).
    return (
        RoundEntry.objects.filter(round=round_)
        .select_related("application__organisation", "application__category", "group", "report")
        .annotate(
            total=Coalesce(_consensus_of_entry(Sum("points")), Value(Decimal("0")), output_field=DecimalField()),
            consensus_items=Coalesce(_consensus_of_entry(Count("pk")), Value(0)),
            held=held_subquery("application_id"),
        )
        .annotate(
            position=Window(expression=RowNumber(), order_by=order),
            place=Window(expression=Rank(), order_by=F("total").desc()),
        )
        .order_by(*order)
    )


def member_entries(user):
    """The entries of the groups ``user`` is an active member of, in rounds in progress, with its declaration
    and sheet status annotated. One query."""
    return (
        RoundEntry.objects.filter(
            group__members__reviewer=user,
            group__members__status=MemberStatus.ACTIVE,
            round__stage__status=StageStatus.CURRENT,
        )
        .select_related("application", "round__stage", "round__cycle__scheme", "group")
        .annotate(
            declared=Exists(Declaration.objects.filter(entry=OuterRef("pk"), reviewer=user, has_conflict=False)),
            submitted=Exists(
                ScoreSheet.objects.filter(entry=OuterRef("pk"), reviewer=user, status=SheetStatus.SUBMITTED)
            ),
            leads=Exists(
                GroupMember.objects.filter(
                    group=OuterRef("group"), reviewer=user, status=MemberStatus.ACTIVE, is_leader=True
                )
            ),
        )
        .order_by("round__cycle", "round__stage__order", "application__title")
    )


def score_matrix(entry, items, margin: int):
    """The group's scores side by side: per item, each active member's percent, the spread, and a flag
    when the spread exceeds ``margin``. Two queries."""
    members = list(
        entry.group.members.filter(status=MemberStatus.ACTIVE).select_related("reviewer", "profile").order_by("pk")
    )
    scores = {
        (score.sheet.reviewer_id, score.item_id): score
        for score in ItemScore.objects.filter(sheet__entry=entry).select_related("sheet")
    }
    rows = []
    for item in items:
        cells = [scores.get((member.reviewer_id, item.pk)) for member in members]
        values = [cell.percent for cell in cells if cell is not None and cell.percent is not None]
        spread = max(values) - min(values) if values else None
        rows.append(
            {
                "item": item,
                "cells": cells,
                "spread": spread,
                "flagged": spread is not None and spread > margin,
                "mean": round(sum(values) / len(values)) if values else None,
            }
        )
    return members, rows


def sheet_status(entry):
    """reviewer_id -> status of the sheets of ``entry``."""
    return dict(entry.sheets.values_list("reviewer_id", "status"))


def commended_entries(cycle):
    return (
        RoundEntry.objects.filter(round__cycle=cycle, commended=True)
        .select_related("application", "round__stage")
        .order_by("application__title")
    )


def defence_list(stage, department=None):
    """The applications shortlisted for the defence (Suizhou 第十九条): those that went on after the
    last review round before ``stage``, less any that left the competition."""
    previous = (
        Round.objects.filter(cycle_id=stage.cycle_id, stage__order__lt=stage.order).order_by("-stage__order").first()
    )
    if previous is None:
        return Application.objects.none()
    applications = Application.objects.filter(
        review_entries__round=previous,
        review_entries__decision=EntryDecision.ADVANCED,
        status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.CANDIDATE],
    )
    if department is not None:
        applications = applications.filter(district__in=department.districts.all())
    return applications.order_by("title")


def undecided_entries(round_):
    """Entries of ``round_`` still awaiting the staff's decision whose applicant is still in the
    competition (one eliminated meanwhile, e.g. by an upheld objection, needs none)."""
    return (
        RoundEntry.objects.filter(round=round_, decision=EntryDecision.PENDING)
        .filter(application__status__in=sorted(IN_COMPETITION_STATES))
        .select_related("application")
        .order_by("application__title", "pk")
    )
