from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from ryhma.models import AuditEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Role"), {"fields": ("role",)}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Role"), {"fields": ("role",)}),)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The trail is read-only: no one adds, changes or deletes events through the admin."""

    list_display = ("at", "actor_name", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("actor_name", "object_repr", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
