from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AccessEvent, CareTeamMember, Patient, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "name", "password1", "password2"]})]


class CareTeamMemberInline(admin.TabularInline):
    model = CareTeamMember
    fk_name = "patient"
    extra = 0
    raw_id_fields = ["user", "added_by", "revoked_by"]


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ["display_name", "timezone", "created_at"]
    search_fields = ["display_name"]
    inlines = [CareTeamMemberInline]
    raw_id_fields = ["user", "created_by"]


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "patient_label", "action", "path"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False  # the audit trail is read-only

    def has_delete_permission(self, request, obj=None):
        return False
