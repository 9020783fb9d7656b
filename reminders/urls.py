from django.urls import path

from . import actions, devices, views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:notification_id>/read/", views.mark_read, name="inbox-mark-read"),
    path("inbox/read-all/", views.mark_all_read, name="inbox-mark-all-read"),
    path(
        "patients/<int:patient_id>/reminders/act/<str:token>/", actions.reminder_action,
        name="reminder-action",
    ),
    path("push/devices/", devices.subscribe, name="push-subscribe"),
    path("push/devices/<int:device_id>/remove/", devices.remove, name="push-device-remove"),
    path(
        "patients/<int:patient_id>/reminders/", views.preferences, name="reminder-preferences"
    ),
]
