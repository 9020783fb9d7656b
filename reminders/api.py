"""The in-app notifications of the JSON API: your inbox, and marking one read.

They live here, not in api/, because nothing imports reminders (DESIGN.md): api/urls.py
includes reminders.api_urls by name. Nor does it import api (api sits on top): the one
check it shares with api's patient list lives in the access policy.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import refuse_unverified_clinicians
from b12tracker.api_input import Boolean, query_params

from .content import headline, link_path
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    headline = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField(help_text="The page it is about, on this site.")
    patient_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "patient_id", "headline", "link", "sent_at", "read_at"]
        read_only_fields = fields

    def get_headline(self, row) -> str:
        return headline(row)

    def get_link(self, row) -> str:
        return link_path(row)


class NotificationFilterSerializer(serializers.Serializer):
    unread = Boolean(required=False, help_text="true: only unread; false: only read.")


def _inbox(user):
    refuse_unverified_clinicians(user)
    return Notification.objects.inbox(user)


class NotificationList(generics.GenericAPIView):
    """Your in-app notifications, newest first (the web inbox's)."""

    serializer_class = NotificationSerializer

    @extend_schema(parameters=[NotificationFilterSerializer],
                   responses=NotificationSerializer(many=True))
    def get(self, request):
        filters = query_params(NotificationFilterSerializer, request)
        rows = _inbox(request.user).select_related("patient").order_by("-sent_at", "-id")
        unread = filters.get("unread")
        if unread is not None:
            rows = rows.filter(read_at__isnull=unread)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class NotificationMarkRead(APIView):
    """Mark one of your notifications read (again: no change)."""

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, notification_id):
        row = get_object_or_404(_inbox(request.user).select_related("patient"),
                                pk=notification_id)
        if row.read_at is None:
            row.read_at = timezone.now()
            row.save(update_fields=["read_at"])
        return Response(NotificationSerializer(row).data)
