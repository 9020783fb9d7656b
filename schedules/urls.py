from django.urls import path

from . import calendar_views, views

urlpatterns = [
    path("patients/<int:patient_id>/regimens/", views.regimen_list, name="regimen-list"),
    path("patients/<int:patient_id>/regimens/new/", views.regimen_add, name="regimen-add"),
    path("patients/<int:patient_id>/regimens/<int:regimen_id>/", views.regimen_detail,
         name="regimen-detail"),
    path("patients/<int:patient_id>/regimens/<int:regimen_id>/edit/", views.regimen_edit,
         name="regimen-edit"),
    path("patients/<int:patient_id>/regimens/<int:regimen_id>/end-phase/",
         views.regimen_end_phase, name="regimen-end-phase"),
    path("patients/<int:patient_id>/regimens/<int:regimen_id>/status/", views.regimen_status,
         name="regimen-status"),
    path("patients/<int:patient_id>/regimens/<int:regimen_id>/skip/", views.dose_skip,
         name="dose-skip"),
    path("patients/<int:patient_id>/regimens/<int:regimen_id>/skips/<int:skip_id>/undo/",
         views.dose_unskip, name="dose-unskip"),
    path("patients/<int:patient_id>/calendar/", calendar_views.schedule_calendar,
         name="schedule-calendar"),
    path("patients/<int:patient_id>/calendar/feed/", calendar_views.calendar_feed_settings,
         name="calendar-feed-settings"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
]
