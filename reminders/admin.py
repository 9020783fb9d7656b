from django.contrib import admin

from .models import Notification, ReminderPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["send_after", "recipient", "kind", "channel", "status", "attempts"]
    list_filter = ["status", "kind", "channel"]
    raw_id_fields = ["recipient", "patient"]
    readonly_fields = ["last_error", "lease_token", "lease_expires_at", "sent_at"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    raw_id_fields = ["member"]
