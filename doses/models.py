"""The dose log: each injection given, its corrections, and sites to avoid for now."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import ChangeRecord, Patient
from schedules.models import Product, Regimen, RegimenVersion, Route

from . import sites


class DoseStatus(models.TextChoices):
    RECORDED = "recorded", pgettext_lazy("dose status", "Recorded")
    VOIDED = "voided", pgettext_lazy("dose status", "Voided")


class AdministeredBy(models.TextChoices):
    # Translators: who gave an injection: the patient themselves.
    SELF = "self", pgettext_lazy("given by", "Self")
    CAREGIVER = "caregiver", gettext_lazy("Caregiver")
    CLINICIAN = "clinician", gettext_lazy("Clinician")
    # Translators: who gave an injection: another person, whose name is typed beside it.
    OTHER = "other", gettext_lazy("Someone else (named)")


class Reaction(models.TextChoices):
    NONE = "none", pgettext_lazy("injection-site reaction", "None")
    # Translators: Clinical: a reaction at the injection site, as the patient reports it.
    SORENESS = "soreness", pgettext_lazy("injection-site reaction", "Soreness")
    # Translators: Clinical: a reaction at the injection site, as the patient reports it.
    REDNESS = "redness", pgettext_lazy("injection-site reaction", "Redness")
    # Translators: Clinical: a reaction at the injection site, as the patient reports it.
    SWELLING = "swelling", pgettext_lazy("injection-site reaction", "Swelling or lump")
    # Translators: Clinical: a reaction at the injection site, as the patient reports it.
    BRUISING = "bruising", pgettext_lazy("injection-site reaction", "Bruising")
    OTHER = "other", pgettext_lazy("injection-site reaction", "Other")


class DoseQuerySet(models.QuerySet):
    def recorded(self):
        return self.filter(status=DoseStatus.RECORDED)


class Dose(models.Model):
    """One injection given. Never deleted: corrected (with history) or voided with a reason."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="doses")
    # RESTRICT, not PROTECT: a regimen or version with doses cannot be deleted on its own, but
    # deleting the whole patient record (accounts.services.patient_delete) takes all three.
    regimen = models.ForeignKey(Regimen, on_delete=models.RESTRICT, related_name="doses")
    regimen_version = models.ForeignKey(
        RegimenVersion, on_delete=models.RESTRICT, related_name="+",
        help_text=gettext_lazy(
            "The version of the prescription in force when the dose was given."),
    )
    administered_at = models.DateTimeField()
    dose_mcg = models.PositiveIntegerField(gettext_lazy("dose (mcg)"))
    volume_ml = models.DecimalField(gettext_lazy("volume (mL)"), max_digits=4, decimal_places=2)
    route = models.CharField(max_length=2, choices=Route.choices)
    site = models.CharField(max_length=40, choices=sites.CHOICES)
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lot = models.CharField(gettext_lazy("lot number"), max_length=40, blank=True)
    expires_on = models.DateField(gettext_lazy("expiry date"), null=True, blank=True)
    # Kept by doses.services from the expiry and the local injection day, so the history and
    # the clinician's summary read it as a flag (the person ticked to confirm it).
    past_expiry = models.BooleanField(
        gettext_lazy("given after the lot's expiry date"), default=False)
    administered_by = models.CharField(
        gettext_lazy("given by"), max_length=10, choices=AdministeredBy.choices,
        default=AdministeredBy.SELF,
    )
    administered_by_name = models.CharField(
        gettext_lazy("name of who gave it"), max_length=150, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    notes = models.TextField(blank=True)
    reaction = models.CharField(
        gettext_lazy("injection-site reaction"), max_length=10, choices=Reaction.choices,
        default=Reaction.NONE,
    )
    status = models.CharField(
        max_length=8, choices=DoseStatus.choices, default=DoseStatus.RECORDED
    )
    void_reason = models.CharField(max_length=300, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    # One token per rendered log form: a double-submitted form creates one dose.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = DoseQuerySet.as_manager()

    class Meta:
        ordering = ["-administered_at", "-id"]
        indexes = [
            # History pages and rotation read one patient's newest doses first.
            models.Index(fields=["patient", "-administered_at"]),
            # The schedule reads one regimen's doses in order.
            models.Index(fields=["regimen", "administered_at"]),
        ]

    def __str__(self) -> str:
        # Translators: a dose, "1000 mcg IM at 2026-03-02 09:30".
        return _("%(dose)s mcg %(route)s at %(at)s") % {
            "dose": self.dose_mcg, "route": self.route,
            "at": f"{self.administered_at:%Y-%m-%d %H:%M}"}

    @property
    def is_voided(self) -> bool:
        return self.status == DoseStatus.VOIDED

    @property
    def site_label(self) -> str:
        return sites.label(self.site)

    @property
    def given_by_label(self) -> str:
        if self.administered_by == AdministeredBy.OTHER and self.administered_by_name:
            return self.administered_by_name
        return self.get_administered_by_display()


class DoseRevision(ChangeRecord):
    """A correction or voiding of a dose: the values before, who changed them, when and why."""

    class Kind(models.TextChoices):
        CORRECTED = "corrected", pgettext_lazy("dose revision", "Corrected")
        VOIDED = "voided", pgettext_lazy("dose revision", "Voided")

    dose = models.ForeignKey(Dose, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    previous = models.JSONField(
        help_text=gettext_lazy("The changed fields' values before the change."))

    def __str__(self) -> str:
        return _("%(kind)s by %(who)s at %(at)s") % {
            "kind": self.get_kind_display(), "who": self.changed_by,
            "at": f"{self.changed_at:%Y-%m-%d}"}


class SiteAvoidance(models.Model):
    """A site the patient wants left alone for now (bruised, scarred), perhaps until a date."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="avoided_sites")
    site = models.CharField(max_length=40, choices=sites.CHOICES)
    until_on = models.DateField(gettext_lazy("avoid until"), null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["site"]

    def __str__(self) -> str:
        return _("Avoid %(site)s") % {"site": self.get_site_display()}

    def is_in_force(self, today) -> bool:
        return self.lifted_at is None and (self.until_on is None or today <= self.until_on)
