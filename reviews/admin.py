from django.contrib import admin

from .models import Draw, ReviewerProfile, ReviewerRelation, ReviewGroup, Round


class RelationInline(admin.TabularInline):
    model = ReviewerRelation
    extra = 0


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "authority", "field", "employer_name", "is_active"]
    list_filter = ["authority", "is_active"]
    inlines = [RelationInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "consensus_margin", "applicant_confirms_report"]
    readonly_fields = ["cycle", "stage", "kind"]


class DrawInline(admin.TabularInline):
    model = Draw
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "seed", "pool", "exclusions", "size", "result", "drawn_by", "drawn_at"]


@admin.register(ReviewGroup)
class ReviewGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "round", "created"]
    readonly_fields = ["round", "number", "created_by"]
    inlines = [DrawInline]
