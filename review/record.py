"""A patient's whole record as plain values (dicts, lists, dates, Decimals), for the exports.

The JSON export is this, encoded; the CSV files and the FHIR bundle are built from parts of
it by pure functions (review/tables.py, review/fhir.py). Each part is one or two queries
whatever the length of the history. People appear by name, never by email or id: the
export is the patient's, not their care team's.
"""

from collections import defaultdict

from accounts.models import Patient
from doses.models import Dose, DoseRevision, SiteAvoidance
from labs import catalogue
from labs.models import LabResult, LabResultRevision, Recheck, SymptomCheckin
from schedules.models import Regimen, RegimenEvent, RegimenPhase, RegimenVersion
from supplies.models import Appointment, Arrangement, Supply, SupplyRevision, SupplyUse

FORMAT = "b12tracker-record/1"


def _name(user) -> str:
    return str(user) if user is not None else ""


def _local(moment, patient: Patient):
    return moment.astimezone(patient.zone) if moment is not None else None


def patient_part(patient: Patient) -> dict:
    return {
        "id": patient.pk, "name": patient.display_name, "date_of_birth": patient.date_of_birth,
        "timezone": patient.timezone, "preferred_b12_unit": patient.preferred_b12_unit,
        "created_at": _local(patient.created_at, patient),
    }


def care_team(patient: Patient) -> list[dict]:
    members = patient.memberships.select_related("user", "added_by").order_by("added_at", "id")
    return [
        {"name": _name(m.user), "role": m.role, "capabilities": m.capability_labels,
         "added_by": _name(m.added_by), "added_at": _local(m.added_at, patient),
         "removed_at": _local(m.revoked_at, patient)}
        for m in members
    ]


def _phase(phase: RegimenPhase) -> dict:
    return {
        "order": phase.order, "kind": phase.kind, "label": phase.label, "unit": phase.unit,
        "every": phase.every, "weekdays": list(phase.weekday_numbers), "end": phase.end,
        "end_after_doses": phase.end_after_doses, "end_on": phase.end_on,
        "grace_days": phase.grace_days, "ended_on": phase.ended_on,
        "ended_by": _name(phase.ended_by), "end_reason": phase.end_reason,
    }


def regimens(patient: Patient) -> list[dict]:
    """Regimens, oldest first, each with its versions (and their phases) and events."""
    phases = defaultdict(list)
    for phase in RegimenPhase.objects.filter(version__regimen__patient=patient).select_related(
        "ended_by"
    ).order_by("version_id", "order"):
        phases[phase.version_id].append(_phase(phase))
    versions = defaultdict(list)
    rows = RegimenVersion.objects.filter(regimen__patient=patient).select_related(
        "product", "prescriber", "created_by"
    ).order_by("regimen_id", "number")
    for v in rows:
        versions[v.regimen_id].append({
            "id": v.pk, "number": v.number, "product": str(v.product),
            "formulation": v.product.formulation,
            "strength_mcg_per_ml": v.product.strength_mcg_per_ml, "dose_mcg": v.dose_mcg,
            "route": v.route, "prescriber": v.prescriber_label,
            "valid_from": _local(v.valid_from, patient),
            "valid_until": _local(v.valid_until, patient), "entered_by": _name(v.created_by),
            "note": v.note, "phases": phases[v.pk],
        })
    events = defaultdict(list)
    for e in RegimenEvent.objects.filter(regimen__patient=patient).select_related(
        "by", "version"
    ).order_by("at", "id"):
        events[e.regimen_id].append({
            "kind": e.kind, "at": _local(e.at, patient), "by": _name(e.by), "note": e.note,
            "version": e.version.number if e.version else None,
        })
    return [
        {"id": r.pk, "status": r.status, "start_on": r.start_on, "indication": r.indication,
         "indication_label": r.get_indication_display(), "notes": r.notes,
         "template": r.template_slug, "next_due_on": r.next_due_on,
         "versions": versions[r.pk], "events": events[r.pk]}
        for r in Regimen.objects.filter(patient=patient).order_by("start_on", "id")
    ]


def doses(patient: Patient) -> list[dict]:
    """Every dose logged, voided ones included, oldest first, with its corrections."""
    revisions = defaultdict(list)
    for rev in DoseRevision.objects.filter(dose__patient=patient).select_related(
        "changed_by"
    ).order_by("changed_at", "id"):
        revisions[rev.dose_id].append({
            "kind": rev.kind, "previous": rev.previous, "reason": rev.reason,
            "changed_by": _name(rev.changed_by), "changed_at": _local(rev.changed_at, patient),
        })
    rows = Dose.objects.filter(patient=patient).select_related(
        "product", "regimen_version__product", "entered_by", "voided_by"
    ).order_by("administered_at", "id")
    return [
        {
            "id": d.pk, "administered_at": _local(d.administered_at, patient),
            "status": d.status, "regimen_id": d.regimen_id,
            "regimen_version_id": d.regimen_version_id,
            "regimen_version": d.regimen_version.number,
            "prescribed_route": d.regimen_version.route,
            "dose_mcg": d.dose_mcg, "volume_ml": d.volume_ml, "route": d.route,
            "site": d.site, "site_label": d.site_label,
            "product": str(d.product or d.regimen_version.product),
            "lot": d.lot, "expires_on": d.expires_on, "given_by": d.given_by_label,
            "reaction": d.reaction, "notes": d.notes, "entered_by": _name(d.entered_by),
            "entered_at": _local(d.entered_at, patient), "void_reason": d.void_reason,
            "voided_by": _name(d.voided_by), "voided_at": _local(d.voided_at, patient),
            "revisions": revisions[d.pk],
        }
        for d in rows
    ]


def site_avoidances(patient: Patient) -> list[dict]:
    return [
        {"site": a.site, "site_label": a.get_site_display(), "until_on": a.until_on,
         "note": a.note, "created_at": _local(a.created_at, patient),
         "lifted_at": _local(a.lifted_at, patient)}
        for a in SiteAvoidance.objects.filter(patient=patient).order_by("created_at", "id")
    ]


def lab_results(patient: Patient) -> list[dict]:
    """Every lab result as the lab reported it, voided ones included, oldest first."""
    revisions = defaultdict(list)
    for rev in LabResultRevision.objects.filter(result__patient=patient).select_related(
        "changed_by"
    ).order_by("changed_at", "id"):
        revisions[rev.result_id].append({
            "value": rev.value, "unit": rev.unit, "collected_on": rev.collected_on,
            "reference_low": rev.reference_low, "reference_high": rev.reference_high,
            "reason": rev.reason, "changed_by": _name(rev.changed_by),
            "changed_at": _local(rev.changed_at, patient),
        })
    rows = LabResult.objects.filter(patient=patient).select_related(
        "entered_by", "voided_by"
    ).order_by("collected_on", "id")
    result = []
    for r in rows:
        test = catalogue.BY_CODE.get(r.test_code)
        result.append({
            "id": r.pk, "test": r.test_code,
            "test_name": test.english_name if test else r.test_code,
            "loinc": test.loinc_for(r.unit) if test else "", "value": r.value, "unit": r.unit,
            "collected_on": r.collected_on, "lab_name": r.lab_name,
            "reference_low": r.reference_low, "reference_high": r.reference_high,
            "flag": r.flag, "notes": r.notes, "entered_by": _name(r.entered_by),
            "entered_at": _local(r.entered_at, patient),
            "status": "voided" if r.is_voided else "current", "void_reason": r.void_reason,
            "voided_by": _name(r.voided_by), "voided_at": _local(r.voided_at, patient),
            "revisions": revisions[r.pk],
        })
    return result


def rechecks(patient: Patient) -> list[dict]:
    return [
        {"tests": r.tests, "label": r.english_title, "due_on": r.due_on, "status": r.status,
         "repeat_every_months": r.repeat_every_months, "requested_by": _name(r.requested_by),
         "completed_on": r.completed_on, "cancel_reason": r.cancel_reason}
        for r in Recheck.objects.filter(patient=patient).select_related("requested_by")
        .order_by("due_on", "id")
    ]


def symptom_checkins(patient: Patient) -> list[dict]:
    rows = SymptomCheckin.objects.filter(patient=patient).select_related(
        "entered_by", "red_flag_alert__acknowledged_by"
    ).order_by("checked_on", "id")
    result = []
    for c in rows:
        alert = getattr(c, "red_flag_alert", None)
        result.append({
            "checked_on": c.checked_on, "severities": c.severities,
            "allergic_reaction": c.allergic_reaction, "notes": c.notes,
            "entered_by": _name(c.entered_by),
            "red_flag": None if alert is None else {
                "reasons": alert.reasons, "urgent": alert.urgent,
                "raised_at": _local(alert.created_at, patient),
                "acknowledged_at": _local(alert.acknowledged_at, patient),
                "acknowledged_by": _name(alert.acknowledged_by),
            },
        })
    return result


def supplies(patient: Patient) -> list[dict]:
    """Every lot recorded, oldest first, with what doses took and its corrections."""
    revisions = defaultdict(list)
    for rev in SupplyRevision.objects.filter(supply__patient=patient).select_related(
        "changed_by"
    ).order_by("changed_at", "id"):
        revisions[rev.supply_id].append({
            "kind": rev.kind, "previous": rev.previous, "reason": rev.reason,
            "changed_by": _name(rev.changed_by), "changed_at": _local(rev.changed_at, patient),
        })
    uses = defaultdict(list)
    for use in SupplyUse.objects.filter(supply__patient=patient).order_by("at", "id"):
        uses[use.supply_id].append({"dose_id": use.dose_id, "change": use.change,
                                    "at": _local(use.at, patient)})
    rows = Supply.objects.filter(patient=patient).select_related(
        "product", "created_by").order_by("received_on", "id")
    return [
        {
            "id": s.pk, "product": str(s.product), "form": s.form, "lot": s.lot,
            "expires_on": s.expires_on, "quantity": s.quantity,
            "ampoule_volume_ml": s.ampoule_volume_ml, "vial_volume_ml": s.vial_volume_ml,
            "opened_on": s.opened_on, "discard_after_days": s.discard_after_days,
            "left": s.left, "usable_until": s.usable_until, "source": s.source,
            "received_on": s.received_on, "status": s.status,
            "entered_by": _name(s.created_by), "entered_at": _local(s.created_at, patient),
            "uses": uses[s.pk], "revisions": revisions[s.pk],
        }
        for s in rows
    ]


def appointments(patient: Patient) -> list[dict]:
    rows = Appointment.objects.filter(patient=patient).select_related(
        "created_by", "cancelled_by").order_by("starts_at", "id")
    return [
        {"id": a.pk, "starts_at": _local(a.starts_at, patient), "place": a.place,
         "given_by": a.get_given_by_display(), "note": a.note, "status": a.status,
         "entered_by": _name(a.created_by), "cancelled_by": _name(a.cancelled_by),
         "cancelled_at": _local(a.cancelled_at, patient), "cancel_reason": a.cancel_reason}
        for a in rows
    ]


def arrangements(patient: Patient) -> list[dict]:
    """Who gives the injection and the reminder settings, per regimen."""
    rows = Arrangement.objects.filter(regimen__patient=patient).order_by("regimen_id")
    return [
        {"regimen_id": a.regimen_id, "given_by": a.given_by,
         "book_ahead_days": a.book_ahead_days,
         "refill_threshold_days": a.refill_threshold_days,
         "refill_lead_days": a.refill_lead_days, "review_due_on": a.review_due_on,
         "runs_out_on": a.runs_out_on, "refill_by_on": a.refill_by_on}
        for a in rows
    ]


def full_record(patient: Patient, *, exported_at) -> dict:
    return {
        "format": FORMAT, "exported_at": _local(exported_at, patient),
        "patient": patient_part(patient), "care_team": care_team(patient),
        "regimens": regimens(patient), "doses": doses(patient),
        "site_avoidances": site_avoidances(patient), "lab_results": lab_results(patient),
        "rechecks": rechecks(patient), "symptom_checkins": symptom_checkins(patient),
        "supplies": supplies(patient), "appointments": appointments(patient),
        "arrangements": arrangements(patient),
    }
