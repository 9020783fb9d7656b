"""The patient's clinical profile: the facts that shape the plan, the ranges and the warnings.

Why on the patient and not on a regimen: pregnancy, allergies and medicines outlive any one
prescription. Every change is kept (ClinicalProfileChange: the values before, who, when), as
clinical data is never silently overwritten. The indication stays on the regimen.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import countries
from .models import ChangeRecord, Patient


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Pregnancy(models.TextChoices):
    # Translators: the answer to "pregnancy or breastfeeding": neither of them.
    NONE = "", _("Neither")
    PREGNANT = "pregnant", _("Pregnant")
    BREASTFEEDING = "breastfeeding", _("Breastfeeding")


# Medicines known to lower B12 or block its use (NICE NG239 lists them among the causes to ask
# about): long-term metformin, acid suppression, colchicine, and nitrous oxide, which
# inactivates B12 and can bring on nerve damage quickly.
# Translators: medicine names as the language's pharmacists write them (the generic names).
B12_LOWERING_MEDICINES: tuple[tuple[str, str], ...] = (
    ("metformin", _("Metformin")),
    ("ppi", _("Proton-pump inhibitor (omeprazole, lansoprazole, …)")),
    ("h2_blocker", _("H2 blocker (famotidine, …)")),
    ("colchicine", _("Colchicine")),
    ("nitrous_oxide", _("Nitrous oxide (recreational use)")),
)
MEDICINE_NAMES = dict(B12_LOWERING_MEDICINES)

PROFILE_FIELDS = ("country", "sex", "pregnancy", "expected_on", "hypersensitivities",
                  "medicines", "other_medicines")


class ClinicalProfile(models.Model):
    patient = models.OneToOneField(
        Patient, on_delete=models.CASCADE, related_name="clinical_profile"
    )
    country = models.CharField(
        _("country"), max_length=2, choices=countries.COUNTRIES, blank=True,
        help_text=_("For the emergency number in urgent advice. Blank: taken from the time "
                    "zone."),
    )
    sex = models.CharField(
        _("sex (for default reference ranges)"), max_length=6, choices=Sex.choices, blank=True,
        help_text=_("Only used where the lab report gives no range (haemoglobin differs)."),
    )
    pregnancy = models.CharField(
        _("pregnancy or breastfeeding"), max_length=13, choices=Pregnancy.choices, blank=True
    )
    expected_on = models.DateField(
        _("expected date of delivery"), null=True, blank=True,
        help_text=_("When pregnant; or, when breastfeeding, when it is expected to end."),
    )
    # Translators: allergies and other hypersensitivity reactions to a medicine.
    hypersensitivities = models.TextField(
        _("hypersensitivities"), blank=True,
        help_text=_("For example: cobalt, cyanocobalamin, a preservative."),
    )
    medicines = models.JSONField(
        _("B12-lowering medicines"), default=list, blank=True,
        help_text="Codes from B12_LOWERING_MEDICINES.",
    )
    other_medicines = models.CharField(
        _("other medicines that may lower B12"), max_length=300, blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Clinical profile of {self.patient}"

    @property
    def is_pregnant_or_breastfeeding(self) -> bool:
        return bool(self.pregnancy)

    @property
    def medicine_labels(self) -> list[str]:
        named = [str(MEDICINE_NAMES[code]) for code in self.medicines if code in MEDICINE_NAMES]
        return named + ([self.other_medicines] if self.other_medicines else [])

    def emergency_country(self) -> str:
        """The country whose emergency number urgent advice names: the one chosen, else the
        one the patient's time zone means ("" when neither is known)."""
        return self.country or countries.country_for_zone(self.patient.timezone)


class ClinicalProfileChange(ChangeRecord):
    """One change of the profile: the changed fields' values before it, who and when."""

    profile = models.ForeignKey(ClinicalProfile, on_delete=models.CASCADE, related_name="changes")
    previous = models.JSONField(help_text="The changed fields' values before the change.")
    changed_fields = models.JSONField(default=list)

    @property
    def changed_labels(self) -> list[str]:
        return [str(ClinicalProfile._meta.get_field(name).verbose_name)
                for name in self.changed_fields]

    def __str__(self) -> str:
        return f"Profile change by {self.changed_by} at {self.changed_at:%Y-%m-%d %H:%M}"


def profile_of(patient: Patient) -> ClinicalProfile:
    """The patient's profile, or an unsaved empty one (nothing recorded yet). One query at
    most: `select_related("clinical_profile")` makes it none."""
    try:
        return patient.clinical_profile
    except ClinicalProfile.DoesNotExist:
        return ClinicalProfile(patient=patient)
