from django.contrib import admin

from .models import Dose, DoseRevision, SiteAvoidance


class DoseRevisionInline(admin.TabularInline):
    model = DoseRevision
    extra = 0
    can_delete = False


@admin.register(Dose)
class DoseAdmin(admin.ModelAdmin):
    list_display = ("patient", "administered_at", "dose_mcg", "route", "site", "status")
    list_filter = ("status", "route")
    raw_id_fields = ("patient", "regimen", "regimen_version", "entered_by", "voided_by")
    inlines = [DoseRevisionInline]

    def has_delete_permission(self, request, obj=None):
        return False  # clinical data is voided, never deleted


admin.site.register(SiteAvoidance)
