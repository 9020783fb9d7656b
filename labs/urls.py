from django.urls import path

from .views import rechecks, results, symptoms

P = "patients/<int:patient_id>/labs/"

urlpatterns = [
    path(P, results.lab_overview, name="lab-overview"),
    path(f"{P}tests/<str:test_code>/", results.lab_result_list, name="lab-result-list"),
    path(f"{P}results/new/", results.lab_result_add, name="lab-result-add"),
    path(f"{P}results/<int:result_id>/", results.lab_result_detail, name="lab-result-detail"),
    path(
        f"{P}results/<int:result_id>/correct/", results.lab_result_correct,
        name="lab-result-correct",
    ),
    path(f"{P}results/<int:result_id>/void/", results.lab_result_void, name="lab-result-void"),
    path(f"{P}rechecks/", rechecks.recheck_list, name="recheck-list"),
    path(f"{P}rechecks/plan/", rechecks.recheck_plan, name="recheck-plan"),
    path(
        f"{P}rechecks/<int:recheck_id>/cancel/", rechecks.recheck_cancel, name="recheck-cancel"
    ),
    path(f"{P}rechecks/<int:recheck_id>/done/", rechecks.recheck_done, name="recheck-done"),
    path(f"{P}symptoms/", symptoms.checkin_list, name="symptom-checkin-list"),
    path(f"{P}symptoms/new/", symptoms.checkin_add, name="symptom-checkin-add"),
    path(f"{P}wear-off/", symptoms.wear_off_report, name="wear-off-report"),
    path(
        f"{P}symptoms/<int:checkin_id>/", symptoms.checkin_detail, name="symptom-checkin-detail"
    ),
    path(
        f"{P}alerts/<int:alert_id>/acknowledge/", symptoms.red_flag_acknowledge,
        name="red-flag-acknowledge",
    ),
]
