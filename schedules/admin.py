from django.contrib import admin

from .models import CalendarFeed, Product, Regimen, RegimenEvent, RegimenPhase, RegimenVersion


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("__str__", "allows_im", "allows_sc")


class RegimenPhaseInline(admin.TabularInline):
    model = RegimenPhase
    extra = 0


@admin.register(RegimenVersion)
class RegimenVersionAdmin(admin.ModelAdmin):
    list_display = ("regimen", "number", "dose_mcg", "route", "valid_from", "valid_until")
    inlines = [RegimenPhaseInline]


@admin.register(Regimen)
class RegimenAdmin(admin.ModelAdmin):
    list_display = ("patient", "status", "start_on", "next_due_on")
    list_filter = ("status",)
    raw_id_fields = ("patient", "current_version", "current_phase", "created_by")


admin.site.register(RegimenEvent)
@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("patient", "created_at", "revoked_at")
    raw_id_fields = ("patient", "member", "created_by", "revoked_by")
