"""The rulebook in the admin: the office edits its schemes, rubrics and holiday arrangements.

Staff see and change only the schemes of the authorities they run (django-guardian scope). An
edition of a scheme that a cycle uses, or that is no longer current, is shown read-only: its
page offers to start a new edition, which takes the change from the next cycle on
(``cycles.editions``).
"""

import datetime

from django.contrib import admin, messages
from django.db.models import Q, Sum
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import staff_authorities
from accounts.services import audit_record

from .editions import edition_start, is_editable
from .errors import CycleError
from .loader import shipped_update
from .models import (
    AwardScheme,
    CalendarDay,
    CalendarYear,
    Category,
    Cycle,
    CycleStage,
    EligibilityCondition,
    Rubric,
    RubricItem,
    RubricSection,
    Sanction,
    StageDefinition,
    Tier,
)
from .permissions import can_edit_calendar


class AuthorityScopedAdmin(admin.ModelAdmin):
    """Limits a staff member to objects of the authorities it runs; superusers see everything."""

    authority_path = "authority"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.authority_path}__in": staff_authorities(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "authority" and not request.user.is_superuser:
            kwargs["queryset"] = staff_authorities(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _edited_scheme(request):
    """The scheme whose change form is being built (None on the add form)."""
    return getattr(request, "_edited_scheme", None)


def _frozen(request, obj) -> bool:
    """An edition that may not be written: in use by a cycle, or superseded."""
    scheme = obj if isinstance(obj, AwardScheme) else _edited_scheme(request)
    return scheme is not None and not is_editable(scheme)


class EditionRowInline:
    """The rows of an edition are read-only where the edition is."""

    def has_add_permission(self, request, obj=None):
        return not _frozen(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _frozen(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(request, obj) and super().has_delete_permission(request, obj)


def _usable_rubrics(user):
    """National rubrics (no authority) and the rubrics of the authorities the user runs."""
    if user.is_superuser:
        return Rubric.objects.all()
    return Rubric.objects.filter(Q(authority__isnull=True) | Q(authority__in=staff_authorities(user)))


class TierInline(EditionRowInline, admin.StackedInline):
    model = Tier
    extra = 0
    fk_name = "scheme"
    fieldsets = [
        (None, {"fields": [("code", "name", "rank"), ("quota", "quota_article", "may_stay_vacant")]}),
        (
            _("Prize"),
            {
                "fields": [
                    ("prize_first", "prize_repeat", "prize_article"),
                    ("prize_after_tier", "prize_after_amount"),
                    ("repeat_counts_toward_quota", "repeat_article"),
                    ("prize_set_per_cycle",),
                    ("grants_certificate", "certificate_article"),
                ]
            },
        ),
        (
            _("Cooling-off"),
            {"fields": [("cooling_off_value", "cooling_off_unit", "cooling_off_article"), "cooling_off_is_reading"]},
        ),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "prize_after_tier":
            scheme = _edited_scheme(request)
            kwargs["queryset"] = scheme.tiers.all() if scheme else Tier.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CategoryInline(EditionRowInline, admin.TabularInline):
    model = Category
    extra = 0
    fields = ["order", "code", "name", "applicant_kind", "allows_teams", "tiers", "rubric", "article"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "rubric":
            kwargs["queryset"] = _usable_rubrics(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tiers":
            scheme = _edited_scheme(request)
            kwargs["queryset"] = scheme.tiers.all() if scheme else Tier.objects.none()
            kwargs["help_text"] = _("Save the scheme with its tiers first; then choose the tiers here.")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class StageInline(EditionRowInline, admin.TabularInline):
    model = StageDefinition
    extra = 0
    fields = [
        "order",
        "kind",
        "name",
        "article",
        "optional",
        "notice_days",
        "notice_unit",
        "notice_period_article",
        "score_weight",
        "planned_days",
    ]


class ConditionInline(EditionRowInline, admin.TabularInline):
    model = EligibilityCondition
    extra = 0
    fields = ["order", "applicant_kind", "check_kind", "parameter", "text", "article"]


class SanctionInline(EditionRowInline, admin.TabularInline):
    model = Sanction
    extra = 0
    fields = [
        "cause",
        "bar_value",
        "bar_unit",
        "consequence",
        "article",
        "grounds",
        "window_years",
        "window_within_validity",
        "window_article",
        "reclaims_prize",
    ]


@admin.register(AwardScheme)
class AwardSchemeAdmin(AuthorityScopedAdmin):
    list_display = ["name", "edition", "is_current", "regulation_status", "authority", "interval_years", "is_active"]
    list_filter = ["authority", "is_current", "is_active"]
    search_fields = ["name", "code", "regulation_title"]
    inlines = [TierInline, CategoryInline, StageInline, ConditionInline, SanctionInline]
    change_form_template = "admin/cycles/awardscheme/change_form.html"
    readonly_fields = ["edition", "is_current", "based_on", "edition_note", "shipped_version"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "authority",
                    "code",
                    "name",
                    "summary",
                    "is_active",
                ]
            },
        ),
        (
            _("Edition of the regulation"),
            {
                "fields": [
                    "regulation_title",
                    "regulation_reference",
                    "regulation_issuer",
                    "regulation_status",
                    ("effective_from", "expires_on", "expiry_article"),
                    ("edition", "is_current", "based_on"),
                    "edition_note",
                    "shipped_version",
                ]
            },
        ),
        (_("Interval"), {"fields": ["interval_years", "interval_article"]}),
        (
            _("Applicants"),
            {
                "fields": [
                    "max_team_size",
                    "team_size_article",
                    ("correction_days", "correction_unit", "correction_article"),
                ]
            },
        ),
        (
            _("Review"),
            {
                "fields": [
                    "review_group_min",
                    "review_group_max",
                    "review_group_article",
                    "industry_expert_article",
                    "conflict_article",
                    "withdrawal_article",
                    "confidentiality_article",
                ]
            },
        ),
        (
            _("Objections"),
            {
                "fields": [
                    "objection_article",
                    "objection_identity_required",
                    "objection_identity_article",
                    "objection_window_days",
                    "objection_window_unit",
                    "objection_window_article",
                    "objection_any_time_article",
                    "objection_report_article",
                    "objection_opinions_required",
                    "objection_confirmation_article",
                ]
            },
        ),
        (
            _("Committee"),
            {
                "fields": [
                    "committee_secret_ballot",
                    "committee_article",
                    "committee_quorum_percent",
                    "committee_majority_percent",
                    "committee_single_vote_article",
                    "committee_ranked_list_article",
                ]
            },
        ),
        (
            _("Other rules"),
            {
                "fields": [
                    "validity_years",
                    "validity_article",
                    "follow_up_article",
                    "public_evaluation_article",
                    "commend_onsite_article",
                    "onsite_report_confirmation_article",
                ]
            },
        ),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._edited_scheme = obj  # the inlines limit their choices to this scheme's tiers
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("code")  # the code names the scheme across its editions
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and not is_editable(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not is_editable(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/new-edition/",
                self.admin_site.admin_view(self.new_edition_view),
                name="cycles_awardscheme_new_edition",
            )
        ]
        return own + super().get_urls()

    def new_edition_view(self, request, object_id):
        """Start the next edition of a scheme (a copy of the current one) and edit that."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        scheme = self.get_queryset(request).filter(pk=object_id).first()
        if scheme is None:
            raise Http404
        try:
            new = edition_start(scheme, by=request.user, note=request.POST.get("note", ""))
        except CycleError as error:
            messages.error(request, str(error))
            return redirect("admin:cycles_awardscheme_change", scheme.pk)
        messages.success(
            request,
            _("Edition %(number)s is the current edition; it applies from the next cycle.") % {"number": new.edition},
        )
        return redirect("admin:cycles_awardscheme_change", new.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        scheme = self.get_queryset(request).filter(pk=object_id).first()
        extra_context = extra_context or {}
        if scheme is not None:
            extra_context.update(
                {
                    "edition_scheme": scheme,
                    "edition_locked": not is_editable(scheme),
                    "edition_cycles": list(scheme.cycles.order_by("-year")),
                    "edition_can_copy": scheme.is_current and self.has_view_permission(request, scheme),
                    "new_edition_url": reverse("admin:cycles_awardscheme_new_edition", args=[scheme.pk]),
                    "shipped_update": shipped_update(scheme),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)


class RubricItemInline(admin.TabularInline):
    model = RubricItem
    extra = 0
    fields = ["order", "number", "title", "points", "guidance"]


class RubricSectionInline(admin.TabularInline):
    model = RubricSection
    extra = 0
    fields = ["order", "number", "title", "points"]
    show_change_link = True  # a section's items are edited on the section's own page


class RubricScopedAdmin(AuthorityScopedAdmin):
    """Staff read the national rubrics and change only their own authority's rubrics."""

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        path = self.authority_path
        return queryset.filter(Q(**{f"{path}__isnull": True}) | Q(**{f"{path}__in": staff_authorities(request.user)}))

    def _is_national(self, obj):
        rubric = obj if isinstance(obj, Rubric) else getattr(obj, "rubric", None)
        return rubric is not None and rubric.authority_id is None

    def has_change_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and self._is_national(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and self._is_national(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Rubric)
class RubricAdmin(RubricScopedAdmin):
    list_display = ["name", "standard", "authority", "total"]
    search_fields = ["name", "code", "standard"]
    inlines = [RubricSectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("authority").prefetch_related("sections")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not request.user.is_superuser and "authority" in form.base_fields:
            form.base_fields["authority"].required = True  # only a superuser enters a national standard
        return form

    @admin.display(description=_("total points"))
    def total(self, obj):
        return obj.total_points


@admin.register(RubricSection)
class RubricSectionAdmin(RubricScopedAdmin):
    authority_path = "rubric__authority"
    list_display = ["rubric", "number", "title", "points", "item_points"]
    list_filter = ["rubric"]
    inlines = [RubricItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("rubric").annotate(items_total=Sum("items__points"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "rubric" and not request.user.is_superuser:
            kwargs["queryset"] = Rubric.objects.filter(authority__in=staff_authorities(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("points of its items"))
    def item_points(self, obj):
        return obj.items_total or 0


class CalendarAdmin(admin.ModelAdmin):
    """The national working-day calendar: every authority's staff read it; only a holder of
    ``cycles.edit_working_day_calendar`` changes it, and every change is audited with the values
    before and after (a day moved shifts every deadline computed across it)."""

    audited_fields: list[str] = []
    action_prefix = ""

    def has_add_permission(self, request):
        return can_edit_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_edit_calendar(request.user)

    def _values(self, obj) -> dict:
        values = {}
        for name in self.audited_fields:
            value = getattr(obj, name)
            values[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return values

    def _audit(self, request, obj, verb: str, summary, *, old, new) -> None:
        audit_record(
            actor=request.user,
            action=f"{self.action_prefix}_{verb}",
            summary=summary % {"object": obj},
            target=obj,
            data={"old": old, "new": new},
        )

    def save_model(self, request, obj, form, change):
        old = self._values(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if change:
            self._audit(
                request, obj, "changed", _("Working-day calendar: %(object)s changed"), old=old, new=self._values(obj)
            )
        else:
            self._audit(
                request, obj, "added", _("Working-day calendar: %(object)s added"), old=None, new=self._values(obj)
            )

    def delete_model(self, request, obj):
        self._audit(
            request, obj, "deleted", _("Working-day calendar: %(object)s deleted"), old=self._values(obj), new=None
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(
                request, obj, "deleted", _("Working-day calendar: %(object)s deleted"), old=self._values(obj), new=None
            )
        super().delete_queryset(request, queryset)


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarAdmin):
    list_display = ["year", "source", "entered_by", "entered_at"]
    readonly_fields = ["entered_by", "entered_at"]
    audited_fields = ["year", "source"]
    action_prefix = "calendar.year"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    audited_fields = ["date", "is_workday", "name"]
    action_prefix = "calendar.day"


class CycleStageInline(admin.TabularInline):
    model = CycleStage
    extra = 0
    fields = ["order", "name", "status", "planned_start", "planned_end", "skipped"]
    readonly_fields = ["order", "name", "status", "skipped"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Cycle)
class CycleAdmin(AuthorityScopedAdmin):
    authority_path = "scheme__authority"
    list_display = ["__str__", "year", "state", "submission_deadline"]
    list_filter = ["state"]
    readonly_fields = ["scheme", "state", "opened_at", "closed_at", "opened_by"]
    inlines = [CycleStageInline]

    def has_add_permission(self, request):
        return False  # cycles open through the cycle page, which computes the timetable

    def has_delete_permission(self, request, obj=None):
        return False
