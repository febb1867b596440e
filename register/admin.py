from django.contrib import admin

from accounts.permissions import staff_authorities
from cycles.admin import AuthorityScopedAdmin
from cycles.models import AwardScheme

from .models import AwardRecord, SanctionRecord


class EnteredByAdmin(AuthorityScopedAdmin):
    authority_path = "scheme__authority"
    readonly_fields = ["entered_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "scheme" and not request.user.is_superuser:
            kwargs["queryset"] = AwardScheme.objects.filter(authority__in=staff_authorities(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # the register keeps its history; a revocation is recorded, not deleted


@admin.register(AwardRecord)
class AwardRecordAdmin(EnteredByAdmin):
    list_display = ["holder_name", "scheme", "tier", "awarded_on", "revoked_on"]
    list_filter = ["scheme"]
    search_fields = ["holder_name", "credit_code"]


@admin.register(SanctionRecord)
class SanctionRecordAdmin(EnteredByAdmin):
    list_display = ["holder_name", "scheme", "cause", "decided_on"]
    list_filter = ["scheme", "cause"]
    search_fields = ["holder_name", "credit_code"]
