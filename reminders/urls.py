from django.urls import path

from . import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:notification_id>/read/", views.mark_read, name="inbox-mark-read"),
    path("inbox/read-all/", views.mark_all_read, name="inbox-mark-all-read"),
    path(
        "patients/<int:patient_id>/reminders/", views.preferences, name="reminder-preferences"
    ),
]
