from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import pwa, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("manifest.webmanifest", pwa.manifest, name="web-manifest"),
    path("offline/", pwa.offline, name="offline"),
    # The strings of static/js in the page's language (locale/<lang>/LC_MESSAGES/djangojs.po).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("patients/<int:patient_id>/", views.dashboard, name="patient-dashboard"),
    path("patients/<int:patient_id>/checklist/dismiss/", views.checklist_dismiss,
         name="checklist-dismiss"),
    path("", include("accounts.urls")),
    path("", include("schedules.urls")),
    path("", include("supplies.urls")),
    path("", include("doses.urls")),
    path("", include("labs.urls")),
    path("", include("reminders.urls")),
    path("", include("review.urls")),
    path("", include("api.urls")),
    path("admin/", admin.site.urls),
]
