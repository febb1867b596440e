from django.contrib import admin

from .models import Notice, NoticeEntry, Objection


class ReadOnlyAdmin(admin.ModelAdmin):
    """Notices and objections change only through their services; the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NoticeEntryInline(admin.TabularInline):
    model = NoticeEntry
    fields = ["order", "display_name", "category", "district", "removed", "removed_article"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "cycle", "department", "status", "starts_on", "ends_at"]
    list_filter = ["status"]
    inlines = [NoticeEntryInline]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "notice", "entry", "status", "created", "due_at"]
    list_filter = ["status"]
    exclude = ["id_number", "identity_document", "sealed_letter"]
