from django.contrib import admin

from ryhma.admin import AuditedAdmin
from villages.actions import ensure_programme_phases
from villages.models import (
    Association,
    ChecklistItem,
    Membership,
    Municipality,
    Partner,
    Programme,
    ProgrammePhase,
    Village,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "employment_area", "population")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "starts_on", "ends_on", "coordinator")
    list_select_related = ("municipality", "coordinator")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            ensure_programme_phases(programme=obj)


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "population", "share_aged_65_plus")
    list_filter = ("municipality",)
    list_select_related = ("municipality",)


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ("name", "village", "business_id", "payroll_arrangement")
    list_select_related = ("village",)
    search_fields = ("name", "business_id")


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    """A membership gives its user a municipality and associations: its changes are
    audited (ryhma.admin.AuditedAdmin)."""

    audit_m2m = ("associations",)
    list_display = ("user", "municipality")
    filter_horizontal = ("associations",)
    list_select_related = ("user", "municipality")

    def audit_municipality(self, obj) -> int | None:
        return obj.municipality_id


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ("position", "text", "done")


@admin.register(ProgrammePhase)
class ProgrammePhaseAdmin(admin.ModelAdmin):
    list_display = ("programme", "number", "status", "owner", "due_on")
    list_filter = ("status",)
    list_select_related = ("programme", "owner")
    inlines = [ChecklistItemInline]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "programme", "agreement_ends_on")
    list_filter = ("kind",)
    list_select_related = ("programme",)
    search_fields = ("name", "contact_person")
