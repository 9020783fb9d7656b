"""The CSV exports: doses and lab results as rows. Pure: record parts in, text out.

UTF-8 with a byte-order mark (spreadsheet programs need it to read µ and × right), ISO 8601
dates and times, and every quantity's unit in a column of its own. A cell typed by a person
that starts like a formula (=, +, -, @) gets a leading apostrophe, so a spreadsheet shows it
as text instead of running it.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

DOSE_COLUMNS = (
    "administered_at", "local_date", "status", "dose", "dose_unit", "volume", "volume_unit",
    "route", "prescribed_route", "site", "site_label", "product", "lot", "expires_on",
    "given_by", "reaction", "notes", "regimen_id", "regimen_version", "entered_by",
    "entered_at", "void_reason", "voided_at",
)
LAB_COLUMNS = (
    "collected_on", "test", "test_name", "loinc", "value", "unit", "reference_low",
    "reference_high", "reference_unit", "flag", "lab_name", "status", "notes", "entered_at",
    "void_reason", "voided_at",
)
SUPPLY_COLUMNS = (
    "received_on", "product", "form", "lot", "expires_on", "received", "left", "unit",
    "opened_on", "discard_after_days", "usable_until", "source", "status", "entered_by",
    "entered_at",
)
APPOINTMENT_COLUMNS = (
    "starts_at", "local_date", "place", "given_by", "note", "status", "cancel_reason",
    "entered_by",
)
# Free text a person typed: the cells that could smuggle in a formula.
TYPED = {"notes", "lot", "given_by", "void_reason", "lab_name", "entered_by", "product",
         "source", "place", "note", "cancel_reason"}


def cell(value, *, typed: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    text = str(value)
    if typed and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv(columns: Sequence[str], rows: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(name), typed=name in TYPED) for name in columns])
    return BOM + out.getvalue()


def doses_csv(doses: Iterable[dict]) -> str:
    return _csv(DOSE_COLUMNS, (
        {**d, "local_date": d["administered_at"].date(), "dose": d["dose_mcg"],
         "dose_unit": "mcg", "volume": d["volume_ml"], "volume_unit": "mL",
         "regimen_version": d["regimen_version"]}
        for d in doses
    ))


def lab_results_csv(results: Iterable[dict]) -> str:
    return _csv(LAB_COLUMNS, (
        {**r, "reference_unit": r["unit"]
         if r["reference_low"] is not None or r["reference_high"] is not None else ""}
        for r in results
    ))


def supplies_csv(supplies: Iterable[dict]) -> str:
    """Ampoules are counted in ampoules, a vial in mL: the unit has its own column."""
    return _csv(SUPPLY_COLUMNS, (
        {**s, "received": s["vial_volume_ml"] if s["form"] == "vial" else s["quantity"],
         "unit": "mL" if s["form"] == "vial" else "ampoules"}
        for s in supplies
    ))


def appointments_csv(appointments: Iterable[dict]) -> str:
    return _csv(APPOINTMENT_COLUMNS, (
        {**a, "local_date": a["starts_at"].date()} for a in appointments
    ))
