from typing import cast

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from ryhma.audit import diff, record, snapshot
from ryhma.models import AuditAction, AuditEvent, User


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin are audit events like those made in the pages: who
    changed which fields (and `audit_m2m` relations) from what to what. Passwords are
    recorded as changed, never their hashes."""

    audit_m2m: tuple[str, ...] = ()
    secret_fields = ("password",)

    def audit_municipality(self, obj) -> int | None:
        return None

    def _state(self, obj) -> dict:
        state = snapshot(obj)
        for name in self.secret_fields:
            if name in state:
                state[name] = "***" + str(hash(state[name]))[-6:]
        for name in self.audit_m2m:
            state[name] = sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
        return state

    def save_model(self, request, obj, form, change):
        before = self._state(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        request._audit_before = before
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        changes = diff(getattr(request, "_audit_before", {}), self._state(obj))
        for name in self.secret_fields:
            if name in changes:
                changes[name] = ["***", "***"]
        if changes or not change:
            record(
                actor=request.user,
                action=AuditAction.UPDATE if change else AuditAction.CREATE,
                instance=obj,
                changes=changes,
                municipality_id=self.audit_municipality(obj),
            )

    def delete_model(self, request, obj):
        self._record_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record_delete(request, obj)
        super().delete_queryset(request, queryset)

    def _record_delete(self, request, obj):
        state = self._state(obj)
        for name in self.secret_fields:
            state.pop(name, None)
        record(
            actor=request.user,
            action=AuditAction.DELETE,
            instance=obj,
            changes=state,
            municipality_id=self.audit_municipality(obj),
        )


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    fieldsets = cast(tuple, BaseUserAdmin.fieldsets) + ((_("Role"), {"fields": ("role",)}),)
    add_fieldsets = cast(tuple, BaseUserAdmin.add_fieldsets) + ((_("Role"), {"fields": ("role",)}),)
    audit_m2m = ("groups", "user_permissions")

    def audit_municipality(self, obj) -> int | None:
        membership = getattr(obj, "membership", None) if obj.pk else None
        return membership.municipality_id if membership else None


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
