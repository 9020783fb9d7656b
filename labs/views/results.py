"""Lab results: overview, one test's chart and table, entry, detail, correction, void."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import patient_view

from .. import catalogue, selectors, services
from ..forms import LabResultCorrectForm, LabResultForm, ReasonForm
from ..models import LabResult
from ..presenters import result_rows, test_chart
from . import ENTRY, apply_errors, context


@patient_view()
def lab_overview(request, access):
    patient = access.patient
    latest = selectors.latest_result_per_test(patient)
    injections = selectors.injection_dates(patient)
    rows = [(r, result_rows([r], patient, injections)[0]) for r in latest]
    return render(request, "labs/labresult_overview.html", context(
        access, rows=rows, tests=catalogue.TESTS,
        rechecks=list(selectors.open_rechecks(patient)[:5]), today=patient.local_today(),
    ))


@patient_view()
def lab_result_list(request, access, test_code):
    if test_code not in catalogue.BY_CODE:
        raise Http404(_("No such test in the catalogue."))
    patient = access.patient
    results = list(selectors.results_for_test(patient, test_code))
    injections = selectors.injection_dates(patient)
    chart, unit = test_chart(results, patient, injections)
    return render(request, "labs/labresult_list.html", context(
        access, test=catalogue.get(test_code), rows=result_rows(results, patient, injections),
        chart=chart,
        unit=unit,
    ))


@patient_view(ENTRY)
def lab_result_add(request, access):
    patient = access.patient
    test_code = request.GET.get("test") if request.GET.get("test") in catalogue.BY_CODE else None
    form = LabResultForm(
        request.POST or None, test_code=test_code, today=patient.local_today(),
        initial={"collected_on": patient.local_today()},
    )
    if form.is_valid():
        try:
            result = services.lab_result_enter(patient=patient, entered_by=request.user,
                                               **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            # Translators: %(test)s is the lab test's name, e.g. "Serum B12".
            messages.success(request, _("%(test)s result saved.") % {"test": result.test.name})
            return redirect("lab-result-list", patient_id=patient.pk, test_code=result.test_code)
    return render(request, "labs/labresult_form.html", context(
        access, form=form, units_by_test={t.code: list(t.units) for t in catalogue.TESTS},
    ))


def _result(access, result_id) -> LabResult:
    return get_object_or_404(LabResult, pk=result_id, patient=access.patient)


@patient_view()
def lab_result_detail(request, access, result_id):
    result = _result(access, result_id)
    return render(request, "labs/labresult_detail.html", context(
        access, result=result,
        row=result_rows([result], access.patient, selectors.injection_dates(access.patient))[0],
        revisions=result.revisions.select_related("changed_by"),
        rechecks=result.rechecks.all(),
    ))


def _refused(request, error, result):
    # The service said no (a voided result): nothing changed, and the result's page says why.
    messages.error(request, str(error))
    return redirect("lab-result-detail", patient_id=result.patient_id, result_id=result.pk)


@patient_view(ENTRY)
def lab_result_correct(request, access, result_id):
    result = _result(access, result_id)
    fields = services.CORRECTABLE
    form = LabResultCorrectForm(
        request.POST or None, test_code=result.test_code, today=access.patient.local_today(),
        initial={name: getattr(result, name) for name in fields},
    )
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in fields}
        try:
            services.lab_result_correct(
                result=result, changed_by=request.user, reason=form.cleaned_data["reason"],
                confirm_implausible=form.cleaned_data["confirm_implausible"], **changes,
            )
        except services.LabError as error:
            if error.conflict:
                return _refused(request, error, result)
            error.add_to(form)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The result was corrected; the previous values are kept."))
            return redirect("lab-result-detail", patient_id=access.patient.pk, result_id=result.pk)
    return render(request, "labs/labresult_form.html", context(
        access, form=form, result=result, correcting=True,
    ))


@patient_view(ENTRY)
def lab_result_void(request, access, result_id):
    result = _result(access, result_id)
    form = ReasonForm(request.POST or None)
    if form.is_valid():
        try:
            services.lab_result_void(result=result, voided_by=request.user,
                                     reason=form.cleaned_data["reason"])
        except services.LabError as error:
            return _refused(request, error, result)
        messages.success(request,
                         _("The result was voided. It stays in the record, marked void."))
        return redirect("lab-result-detail", patient_id=access.patient.pk, result_id=result.pk)
    return render(request, "labs/labresult_void.html", context(access, form=form, result=result))
