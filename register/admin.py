"""The register in the admin, for the office of each authority and no other: every choice of a
scheme, tier or cycle is limited to the authorities the staff member runs."""

from django.contrib import admin

from accounts.permissions import staff_authorities
from cycles.admin import AuthorityScopedAdmin
from cycles.models import AwardScheme, Cycle, Tier

from .models import AwardRecord, EarlierCycle, SanctionRecord

SCOPED_CHOICES = {
    "scheme": (AwardScheme, "authority"),
    "tier": (Tier, "scheme__authority"),
    "cycle": (Cycle, "scheme__authority"),
    "earlier_cycle": (EarlierCycle, "scheme__authority"),
}


class EnteredByAdmin(AuthorityScopedAdmin):
    authority_path = "scheme__authority"
    readonly_fields = ["entered_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in SCOPED_CHOICES and not request.user.is_superuser:
            model, path = SCOPED_CHOICES[db_field.name]
            kwargs["queryset"] = model.objects.filter(**{f"{path}__in": staff_authorities(request.user)})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # the register keeps its history; a revocation is recorded, not deleted


@admin.register(EarlierCycle)
class EarlierCycleAdmin(EnteredByAdmin):
    list_display = ["name", "scheme", "year"]
    list_filter = ["scheme"]


@admin.register(AwardRecord)
class AwardRecordAdmin(EnteredByAdmin):
    list_display = ["holder_name", "scheme", "tier", "awarded_on", "earlier_cycle", "revoked_on"]
    list_filter = ["scheme"]
    search_fields = ["holder_name", "credit_code"]


@admin.register(SanctionRecord)
class SanctionRecordAdmin(EnteredByAdmin):
    list_display = ["holder_name", "scheme", "cause", "decided_on"]
    list_filter = ["scheme", "cause"]
    search_fields = ["holder_name", "credit_code"]
