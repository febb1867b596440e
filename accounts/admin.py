from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from .models import AuditEntry, Authority, Department, District, Notification, User
from .services import user_set_role


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "email", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Role"), {"fields": ["role", "display_name", "phone"]})]

    def save_model(self, request, obj, form, change):
        # A changed role goes through user_set_role once the form's groups are saved (save_related),
        # so that leaving the staff role also ends the staff group and is_staff the form would keep.
        if change and "role" in form.changed_data:
            form.new_role, obj.role = obj.role, form.initial["role"]
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        new_role = getattr(form, "new_role", None)
        if new_role is not None:
            user_set_role(form.instance, role=new_role, by=request.user)


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
