"""Products, regimens with their versions and phases, and the calendar feed."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.dates import short_date
from accounts.models import CareTeamMember, Patient

from . import engine
from .wording import KIND_NAMES


class Formulation(models.TextChoices):
    CYANOCOBALAMIN = "cyanocobalamin", gettext_lazy("Cyanocobalamin")
    HYDROXOCOBALAMIN = "hydroxocobalamin", gettext_lazy("Hydroxocobalamin")
    METHYLCOBALAMIN = "methylcobalamin", gettext_lazy("Methylcobalamin")


class ProductForm(models.TextChoices):
    # Translators: a product's form, after its name and strength ("… 1000 mcg/mL vial").
    VIAL = "vial", pgettext_lazy("product form", "vial")
    AMPOULE = "ampoule", pgettext_lazy("product form", "ampoule")
    PREFILLED_SYRINGE = "prefilled_syringe", pgettext_lazy("product form", "pre-filled syringe")


class Route(models.TextChoices):
    IM = "IM", gettext_lazy("Intramuscular (IM)")
    SC = "SC", gettext_lazy("Subcutaneous (SC)")


class Product(models.Model):
    """A B12 formulation as it comes from the pharmacy."""

    formulation = models.CharField(max_length=20, choices=Formulation.choices)
    strength_mcg_per_ml = models.DecimalField(
        gettext_lazy("strength (mcg per mL)"), max_digits=7, decimal_places=1
    )
    form = models.CharField(max_length=20, choices=ProductForm.choices)
    allows_im = models.BooleanField(gettext_lazy("allows IM"), default=True)
    allows_sc = models.BooleanField(gettext_lazy("allows SC"), default=False)

    class Meta:
        ordering = ["formulation", "strength_mcg_per_ml", "form"]
        constraints = [
            models.UniqueConstraint(
                fields=["formulation", "strength_mcg_per_ml", "form"], name="unique_product"
            ),
        ]

    def __str__(self) -> str:
        strength = number_format(self.strength_mcg_per_ml.normalize())
        # Translators: a product, "Hydroxocobalamin 1000 mcg/mL ampoule".
        return _("%(formulation)s %(strength)s mcg/mL %(form)s") % {
            "formulation": self.get_formulation_display(), "strength": strength,
            "form": self.get_form_display(),
        }

    @property
    def allowed_routes(self) -> list[str]:
        return [r for r, ok in ((Route.IM, self.allows_im), (Route.SC, self.allows_sc)) if ok]

    def allows(self, route: str) -> bool:
        return route in self.allowed_routes

    def volume_ml(self, dose_mcg) -> Decimal:
        """The volume to draw for a dose, rounded half up to 0.01 mL, as dose calculations are
        (125 mcg of 1000 mcg/mL is 0.13 mL; Decimal's default half-even would give 0.12)."""
        return (Decimal(dose_mcg) / self.strength_mcg_per_ml).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


class Indication(models.TextChoices):
    PERNICIOUS_ANAEMIA = "pernicious_anaemia", gettext_lazy("Pernicious anaemia")
    MALABSORPTION = "malabsorption", gettext_lazy("Malabsorption")
    GASTRIC_SURGERY = "gastric_surgery", gettext_lazy("Gastric surgery")
    ILEAL_RESECTION = "ileal_resection", gettext_lazy("Ileal resection or disease")
    # Translators: a cause of B12 deficiency: the diet.
    DIETARY = "dietary", gettext_lazy("Dietary")
    # Translators: a cause of B12 deficiency: a medicine (metformin, acid suppressants).
    MEDICATION = "medication", gettext_lazy("Medication-related")
    OTHER = "other", pgettext_lazy("indication", "Other")
    UNKNOWN = "unknown", pgettext_lazy("indication", "Unknown")


# Causes that do not go away, for which NICE NG239 advises lifelong injections: stopping or
# pausing one is a decision the clinician must see, with its reason.
LIFELONG_INDICATIONS = frozenset({
    Indication.PERNICIOUS_ANAEMIA, Indication.GASTRIC_SURGERY, Indication.ILEAL_RESECTION,
})


class RegimenStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("regimen status", "Active")
    PAUSED = "paused", pgettext_lazy("regimen status", "Paused")
    STOPPED = "stopped", pgettext_lazy("regimen status", "Stopped")


class Regimen(models.Model):
    """A prescription followed over time. What is prescribed lives in its versions."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="regimens")
    status = models.CharField(
        max_length=8, choices=RegimenStatus.choices, default=RegimenStatus.ACTIVE
    )
    start_on = models.DateField(gettext_lazy("start date"))
    indication = models.CharField(
        max_length=20, choices=Indication.choices, default=Indication.UNKNOWN
    )
    notes = models.TextField(blank=True)
    template_slug = models.CharField(max_length=40, blank=True)
    # RESTRICT, not PROTECT: a version cannot be deleted on its own, but deleting the whole
    # patient record (accounts.services.patient_delete) may take it with the regimen.
    current_version = models.ForeignKey(
        "RegimenVersion", null=True, on_delete=models.RESTRICT, related_name="+"
    )
    # Denormalised by services.regimen_refresh_next_due whenever doses, the regimen or its
    # phases change: the reminder sweep and the dashboard read these columns only. The index
    # on next_due_on lets the sweep read what is due without scanning every patient.
    current_phase = models.ForeignKey(
        "RegimenPhase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_due_on = models.DateField(null=True, blank=True, db_index=True)
    next_overdue_on = models.DateField(null=True, blank=True)  # next_due_on + grace + 1 day
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(status="active"),
                name="one_active_regimen_per_patient",
            ),
        ]

    def __str__(self) -> str:
        # Translators: a regimen, "1000 mcg IM Hydroxocobalamin … from 2 Mar 2026".
        return _("%(version)s from %(on)s") % {
            "version": self.current_version, "on": short_date(self.start_on)}

    @property
    def product(self) -> Product:
        return self.current_version.product

    @property
    def dose_mcg(self) -> int:
        return self.current_version.dose_mcg

    @property
    def route(self) -> str:
        return self.current_version.route

    @property
    def is_active(self) -> bool:
        return self.status == RegimenStatus.ACTIVE

    def days_overdue(self, today: date) -> int:
        """The plan's days overdue, from the stored columns (the dashboards read many)."""
        return engine.days_overdue(self.next_due_on, self.next_overdue_on, today)

    @property
    def is_lifelong(self) -> bool:
        return self.indication in LIFELONG_INDICATIONS


class RegimenVersion(models.Model):
    """What was prescribed from `valid_from` until `valid_until`, and who entered it."""

    regimen = models.ForeignKey(Regimen, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    dose_mcg = models.PositiveIntegerField(gettext_lazy("dose (mcg)"))
    route = models.CharField(max_length=2, choices=Route.choices)
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    prescriber_name = models.CharField(max_length=150, blank=True)
    valid_from = models.DateTimeField(default=timezone.now)
    valid_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(gettext_lazy("reason for the change"), max_length=300, blank=True)
    # The patient's local date from which this version applies (version 1: the start date).
    # Doses due before it keep being judged by the version before.
    effective_on = models.DateField(null=True, blank=True)
    # A new course (a relapse, a new loading course): its phases start afresh on effective_on
    # instead of counting on from the doses given.
    starts_new_course = models.BooleanField(default=False)

    class Meta:
        ordering = ["regimen", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["regimen", "number"], name="unique_regimen_version"),
        ]

    def __str__(self) -> str:
        return f"{self.dose_mcg} mcg {self.route} {self.product}"

    @property
    def prescriber_label(self) -> str:
        return str(self.prescriber) if self.prescriber_id else self.prescriber_name


class RegimenPhase(models.Model):
    """One phase of one version; `as_engine_phase` hands it to the pure engine."""

    version = models.ForeignKey(RegimenVersion, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=list(KIND_NAMES.items()))
    label = models.CharField(max_length=60, blank=True)
    unit = models.CharField(
        gettext_lazy("interval"),
        max_length=10,
        choices=[
            # Translators: N is the number the person types beside it; keep it as N.
            (engine.IntervalUnit.DAYS, gettext_lazy("every N days")),
            (engine.IntervalUnit.WEEKS, gettext_lazy("every N weeks")),
            (engine.IntervalUnit.MONTHS, gettext_lazy("every N months")),
            (engine.IntervalUnit.WEEKDAYS, gettext_lazy("on chosen weekdays")),
        ],
    )
    every = models.PositiveSmallIntegerField("N", default=1)
    weekdays = models.CharField(max_length=20, blank=True,
                                help_text=gettext_lazy("Monday = 0, e.g. 0,2,4"))
    end = models.CharField(
        max_length=12,
        choices=[
            # Translators: N is the number the person types beside it; keep it as N.
            (engine.PhaseEnd.AFTER_DOSES, gettext_lazy("after N doses")),
            (engine.PhaseEnd.ON_DATE, gettext_lazy("on a date")),
            (engine.PhaseEnd.OPEN, gettext_lazy("open until a clinician ends it")),
        ],
    )
    end_after_doses = models.PositiveSmallIntegerField(null=True, blank=True)
    end_on = models.DateField(null=True, blank=True)
    grace_days = models.PositiveSmallIntegerField(default=0)
    # A clinician ending an open phase ("until no further improvement"): who, when, why.
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    # The date the clinician chose for the next phase's first dose when ending this one (empty:
    # one interval of the next phase after the last dose given).
    then_due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="unique_phase_order"),
        ]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()

    @property
    def name_with_kind(self) -> str:
        """"Maintenance", or "Monthly (maintenance)" when the label does not say which."""
        kind = self.get_kind_display().lower()
        if not self.label or kind in self.label.lower():
            return str(self)
        return f"{self.label} ({kind})"

    @property
    def weekday_numbers(self) -> tuple[int, ...]:
        return tuple(int(day) for day in self.weekdays.split(",") if day.strip())

    def as_engine_phase(self) -> engine.Phase:
        return engine.Phase(
            kind=engine.PhaseKind(self.kind),
            unit=engine.IntervalUnit(self.unit),
            every=self.every,
            weekdays=self.weekday_numbers,
            end=engine.PhaseEnd(self.end),
            end_after_doses=self.end_after_doses,
            end_on=self.end_on,
            ended_on=self.ended_on,
            grace_days=self.grace_days,
            label=self.label,
            then_due_on=self.then_due_on,
        )


class RegimenEventKind(models.TextChoices):
    # Translators: what happened to a regimen, in its history ("Created by Dr Rivera").
    CREATED = "created", pgettext_lazy("regimen event", "Created")
    REVISED = "revised", pgettext_lazy("regimen event", "Changed (new version)")
    PHASE_ENDED = "phase_ended", pgettext_lazy("regimen event", "Phase ended by clinician")
    PAUSED = "paused", pgettext_lazy("regimen event", "Paused")
    RESUMED = "resumed", pgettext_lazy("regimen event", "Resumed")
    STOPPED = "stopped", pgettext_lazy("regimen event", "Stopped")
    SKIPPED = "skipped", pgettext_lazy("regimen event", "Dose skipped")
    UNSKIPPED = "unskipped", pgettext_lazy("regimen event", "Skip undone")


class SkipReason(models.TextChoices):
    # Translators: why a dose was skipped, as the patient says it.
    RAN_OUT = "ran_out", gettext_lazy("Ran out")
    UNWELL = "unwell", gettext_lazy("Unwell")
    CLINICIAN = "clinician", gettext_lazy("Told to wait by my clinician")
    OTHER = "other", pgettext_lazy("skip reason", "Other")


class RegimenEvent(models.Model):
    """Every change to a regimen, with who and when: the regimen's own history."""

    regimen = models.ForeignKey(Regimen, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=RegimenEventKind.choices)
    version = models.ForeignKey(
        RegimenVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)
    # The patient's local date the event applies from (pause, resume, stop), and for a resume
    # the date the clinician chose for the next dose, if any.
    effective_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    # A skip: the dose due on `effective_on` explicitly not taken, and why. Undoing it keeps
    # the row (and adds an "unskipped" event): the history shows both.
    skip_reason = models.CharField(max_length=12, choices=SkipReason.choices, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return _("%(kind)s by %(who)s at %(at)s") % {
            "kind": self.get_kind_display(), "who": self.by, "at": f"{self.at:%Y-%m-%d %H:%M}"}

    @property
    def is_live_skip(self) -> bool:
        return self.kind == RegimenEventKind.SKIPPED and self.undone_at is None

    @property
    def skip_words(self) -> str:
        """"Ran out", or "Other: travelling"."""
        words = self.get_skip_reason_display()
        if not self.note:
            return words
        return _("%(reason)s: %(note)s") % {"reason": words, "note": self.note}


class CalendarFeed(models.Model):
    """A secret URL serving a patient's due dates to one member's calendar app.

    Each member has a link of their own, so removing someone from the care team stops their
    link at once (the feed view requires a live membership) and nobody else's.
    Revoked rows stay.
    """

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="calendar_feeds")
    member = models.ForeignKey(
        CareTeamMember, null=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_calendar_feed_per_member",
            ),
        ]

    def __str__(self) -> str:
        return _("Calendar feed of %(patient)s") % {"patient": self.patient}
