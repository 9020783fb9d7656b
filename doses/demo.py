"""Two years of Alex's injections, given by Alex, Sam or the practice nurse.

Mostly on time, a few late (the dates come from schedules.demo), sites rotated between the
deltoids and the hips, and one site used twice in a row.
"""

from datetime import datetime, time

from schedules.demo import TEMPLATE, demo_dose_dates
from schedules.services import regimen_refresh_next_due

from .models import AdministeredBy, Dose, Reaction

ROTATION = (
    "im_deltoid_left", "im_deltoid_right", "im_ventrogluteal_left", "im_ventrogluteal_right",
)
REPEATED_SITE_AT = 9  # this dose reuses the previous dose's site


def seed(cast) -> None:
    patient = cast.patient
    regimen = patient.regimens.filter(template_slug=TEMPLATE).first()
    if regimen is None or regimen.doses.exists():
        return
    version = regimen.current_version
    _, dates = demo_dose_dates(patient.local_today())
    doses = []
    for number, day in enumerate(dates):
        site = ROTATION[(number - 1 if number >= REPEATED_SITE_AT else number) % len(ROTATION)]
        by_nurse = number < 6  # the practice nurse gave the loading doses
        doses.append(Dose(
            patient=patient, regimen=regimen, regimen_version=version,
            administered_at=datetime.combine(day, time(9, 30), tzinfo=patient.zone),
            dose_mcg=version.dose_mcg, volume_ml=version.product.volume_ml(version.dose_mcg),
            route=version.route, site=site, product=version.product,
            administered_by=AdministeredBy.CLINICIAN if by_nurse else AdministeredBy.SELF,
            entered_by=cast.clinician if by_nurse else cast.patient_user,
            reaction=Reaction.SORENESS if number == 7 else Reaction.NONE,
        ))
    Dose.objects.bulk_create(doses)
    regimen_refresh_next_due(regimen=regimen)
