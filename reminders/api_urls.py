from django.urls import path

from . import api

urlpatterns = [
    path("", api.NotificationList.as_view(), name="api-notification-list"),
    path("<int:notification_id>/read/", api.NotificationMarkRead.as_view(),
         name="api-notification-read"),
]
