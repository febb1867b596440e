"""The rulebook in the admin: the office edits its schemes, rubrics and holiday arrangements.

Staff see and change only the schemes of the authorities they run (django-guardian scope).
"""

from django.contrib import admin

from accounts.permissions import staff_authorities

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


class TierInline(admin.StackedInline):
    model = Tier
    extra = 0
    fk_name = "scheme"


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    filter_horizontal = ["tiers"]


class StageInline(admin.TabularInline):
    model = StageDefinition
    extra = 0


class ConditionInline(admin.TabularInline):
    model = EligibilityCondition
    extra = 0


class SanctionInline(admin.TabularInline):
    model = Sanction
    extra = 0


@admin.register(AwardScheme)
class AwardSchemeAdmin(AuthorityScopedAdmin):
    list_display = ["name", "authority", "interval_years", "is_active"]
    list_filter = ["authority", "is_active"]
    prepopulated_fields = {}
    inlines = [TierInline, CategoryInline, StageInline, ConditionInline, SanctionInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "authority",
                    "code",
                    "name",
                    "regulation_title",
                    "regulation_reference",
                    "summary",
                    "is_active",
                ]
            },
        ),
        ("周期 / Interval", {"fields": ["interval_years", "interval_article"]}),
        ("申报主体 / Applicants", {"fields": ["max_team_size", "team_size_article"]}),
        (
            "评审 / Review",
            {
                "fields": [
                    "review_group_min",
                    "review_group_max",
                    "review_group_article",
                    "conflict_article",
                    "confidentiality_article",
                ]
            },
        ),
        (
            "异议 / Objections",
            {
                "fields": [
                    "objection_article",
                    "objection_identity_required",
                    "objection_identity_article",
                    "objection_window_days",
                    "objection_window_unit",
                    "objection_window_article",
                ]
            },
        ),
        (
            "评委会 / Committee",
            {
                "fields": [
                    "committee_secret_ballot",
                    "committee_article",
                    "committee_quorum_percent",
                    "committee_majority_percent",
                ]
            },
        ),
        (
            "其他 / Other",
            {"fields": ["validity_years", "validity_article", "public_evaluation_article", "commend_onsite_article"]},
        ),
    ]


class RubricItemInline(admin.TabularInline):
    model = RubricItem
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "standard", "authority"]


@admin.register(RubricSection)
class RubricSectionAdmin(admin.ModelAdmin):
    list_display = ["rubric", "number", "title", "points"]
    list_filter = ["rubric"]
    inlines = [RubricItemInline]


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "entered_by", "entered_at"]
    readonly_fields = ["entered_by", "entered_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


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
