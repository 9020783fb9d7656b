from django.urls import path

from .views import dashboards, exports, summary

P = "patients/<int:patient_id>/"

urlpatterns = [
    path("overview/", dashboards.overview, name="overview"),
    path("overview/caring/", dashboards.caregiver_dashboard, name="caregiver-dashboard"),
    path("overview/clinic/", dashboards.clinician_dashboard, name="clinician-dashboard"),
    path("profile/my-data.json", exports.account_export, name="account-export"),
    path(f"{P}summary/", summary.previsit_summary, name="previsit-summary"),
    path(f"{P}export/", exports.export_list, name="export-list"),
    path(f"{P}export/doses.csv", exports.doses_csv, name="export-doses-csv"),
    path(f"{P}export/lab-results.csv", exports.lab_results_csv, name="export-lab-results-csv"),
    path(f"{P}export/supplies.csv", exports.supplies_csv, name="export-supplies-csv"),
    path(f"{P}export/appointments.csv", exports.appointments_csv,
         name="export-appointments-csv"),
    path(f"{P}export/record.json", exports.record_json, name="export-json"),
    path(f"{P}export/fhir.json", exports.fhir_bundle, name="export-fhir"),
]
