"""/api/v1/ (the JSON API, its schema and docs) and the token settings page.

Every patient-scoped endpoint carries <int:patient_id> and goes through accounts.access
(api.base.PatientScopedView), like the pages.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from .views import docs, doses, labs, patients, regimens, supplies, tokens

P = "api/v1/patients/<int:patient_id>/"

urlpatterns = [
    path("profile/tokens/", tokens.token_list, name="api-tokens"),
    path("profile/tokens/new/", tokens.token_add, name="api-token-add"),
    path("profile/tokens/<int:token_id>/revoke/", tokens.token_revoke, name="api-token-revoke"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", docs.api_docs, name="api-docs"),
    path("api/v1/patients/", patients.PatientList.as_view(), name="api-patient-list"),
    path(P, patients.PatientDetail.as_view(), name="api-patient-detail"),
    path(f"{P}regimen/", patients.RegimenDetail.as_view(), name="api-regimen"),
    path(f"{P}schedule/", patients.ScheduleDetail.as_view(), name="api-schedule"),
    path("api/v1/products/", regimens.ProductList.as_view(), name="api-product-list"),
    path(f"{P}regimens/", regimens.RegimenList.as_view(), name="api-regimen-list"),
    path(f"{P}regimens/<int:regimen_id>/revise/", regimens.RegimenRevise.as_view(),
         name="api-regimen-revise"),
    path(f"{P}regimens/<int:regimen_id>/pause/", regimens.RegimenPause.as_view(),
         name="api-regimen-pause"),
    path(f"{P}regimens/<int:regimen_id>/resume/", regimens.RegimenResume.as_view(),
         name="api-regimen-resume"),
    path(f"{P}regimens/<int:regimen_id>/stop/", regimens.RegimenStop.as_view(),
         name="api-regimen-stop"),
    path(f"{P}regimens/<int:regimen_id>/end-phase/", regimens.RegimenEndPhase.as_view(),
         name="api-regimen-end-phase"),
    path(f"{P}regimens/<int:regimen_id>/skips/", regimens.SkipList.as_view(),
         name="api-regimen-skip-list"),
    path(f"{P}regimens/<int:regimen_id>/skips/<int:skip_id>/undo/", regimens.SkipUndo.as_view(),
         name="api-regimen-skip-undo"),
    path(f"{P}doses/", doses.DoseList.as_view(), name="api-dose-list"),
    path(f"{P}doses/prefill/", doses.DosePrefill.as_view(), name="api-dose-prefill"),
    path(f"{P}doses/<int:dose_id>/", doses.DoseDetail.as_view(), name="api-dose-detail"),
    path(f"{P}doses/<int:dose_id>/void/", doses.DoseVoid.as_view(), name="api-dose-void"),
    path(f"{P}supplies/", supplies.SupplyList.as_view(), name="api-supply-list"),
    path(f"{P}supplies/<int:supply_id>/correct/", supplies.SupplyCorrect.as_view(),
         name="api-supply-correct"),
    path(f"{P}lab-results/", labs.LabResultList.as_view(), name="api-lab-result-list"),
    path(f"{P}lab-results/<int:result_id>/", labs.LabResultDetail.as_view(),
         name="api-lab-result-detail"),
    path(f"{P}rechecks/", labs.RecheckList.as_view(), name="api-recheck-list"),
    path(f"{P}symptom-checkins/", labs.SymptomCheckinList.as_view(),
         name="api-symptom-checkin-list"),
    # Notifications belong to reminders, which nothing but URLs and settings import.
    path("api/v1/notifications/", include("reminders.api_urls")),
    # Last: any other address under /api/ is a JSON 404, not the HTML page.
    re_path(r"^api/", docs.not_found, name="api-not-found"),
]
