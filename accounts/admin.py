from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from .models import AuditEntry, Authority, Department, District, Notification, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "email", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Role"), {"fields": ["role", "display_name", "phone"]})]


class DistrictInline(admin.TabularInline):
    model = District
    extra = 0


@admin.register(Authority)
class AuthorityAdmin(GuardedModelAdmin):
    list_display = ["name", "region", "office_name"]
    inlines = [DistrictInline]


@admin.register(Department)
class DepartmentAdmin(GuardedModelAdmin):
    list_display = ["name", "authority", "kind"]
    list_filter = ["authority", "kind"]
    filter_horizontal = ["districts"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody changes or deletes the audit trail through the application."""

    list_display = ["created", "actor", "action", "target_repr", "from_state", "to_state", "article"]
    list_filter = ["action", "authority"]
    search_fields = ["target_repr", "summary", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created", "recipient", "subject", "read_at"]
    readonly_fields = ["created"]
