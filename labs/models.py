"""Lab results (corrected with history, voided, never deleted), rechecks, symptom check-ins
and the red-flag alerts they raise."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from accounts.models import ChangeRecord, Patient

from . import catalogue, redflags, units


class Flag(models.TextChoices):
    # Translators: Clinical: a lab result against its reference range: below it.
    LOW = "low", pgettext_lazy("lab result flag", "Low")
    # Translators: Clinical: a lab result against its reference range: within it.
    NORMAL = "normal", pgettext_lazy("lab result flag", "Normal")
    # Translators: Clinical: a lab result against its reference range: above it.
    HIGH = "high", pgettext_lazy("lab result flag", "High")


UNIT_CHOICES = sorted({(u, u) for test in catalogue.TESTS for u in test.units})
# Values keep four decimal places: enough for every unit a lab reports in (µmol/L to 0.01).
VALUE = {"max_digits": 14, "decimal_places": 4}


class LabResultQuerySet(models.QuerySet):
    def current(self):
        """Results that count: voided ones stay in the record but are left out of it."""
        return self.filter(voided_at__isnull=True)


class LabResult(models.Model):
    """One measured value of one test, as the lab reported it, with the lab's own range."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="lab_results")
    test_code = models.CharField(
        pgettext_lazy("lab result", "test"), max_length=32, choices=catalogue.TEST_CHOICES
    )
    value = models.DecimalField(**VALUE)
    unit = models.CharField(max_length=16, choices=UNIT_CHOICES)
    # The value in the test's base unit (units.base_unit), so charts and trends compare like
    # with like whatever unit each lab used.
    base_value = models.DecimalField(**VALUE)
    collected_on = models.DateField()
    lab_name = models.CharField(max_length=120, blank=True)
    reference_low = models.DecimalField(null=True, blank=True, **VALUE)
    reference_high = models.DecimalField(null=True, blank=True, **VALUE)
    # The lab printed no range, so the catalogue's default was used: results are then also
    # read against NICE's bands (labs.interpretation.shown_flag).
    range_is_default = models.BooleanField(default=False)
    flag = models.CharField(max_length=8, choices=Flag.choices, blank=True)
    notes = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    void_reason = models.CharField(max_length=300, blank=True)

    objects = LabResultQuerySet.as_manager()

    class Meta:
        ordering = ["-collected_on", "-id"]
        # Results pages and charts read one patient's results of one test by date.
        indexes = [models.Index(fields=["patient", "test_code", "collected_on"])]

    def __str__(self) -> str:
        return f"{self.test.short_name} {self.value} {self.unit} on {self.collected_on}"

    @property
    def test(self) -> catalogue.LabTest:
        return catalogue.get(self.test_code)

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def _in(self, value, unit: str):
        if value is None or unit == self.unit:
            return value  # as the lab printed it
        return units.convert_rounded(value, self.unit, unit, test=self.test_code)

    def value_in(self, unit: str):
        """The value in `unit`: as reported, or converted and rounded as a lab reports it."""
        return self._in(self.value, unit)

    def reference_in(self, unit: str):
        return self._in(self.reference_low, unit), self._in(self.reference_high, unit)


class LabResultRevision(ChangeRecord):
    """The values a result had before one correction, and who corrected it, when and why."""

    result = models.ForeignKey(LabResult, on_delete=models.CASCADE, related_name="revisions")
    value = models.DecimalField(**VALUE)
    unit = models.CharField(max_length=16)
    collected_on = models.DateField()
    lab_name = models.CharField(max_length=120, blank=True)
    reference_low = models.DecimalField(null=True, blank=True, **VALUE)
    reference_high = models.DecimalField(null=True, blank=True, **VALUE)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Before correction at {self.changed_at:%Y-%m-%d %H:%M}: {self.value} {self.unit}"


class RecheckStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("recheck status", "Open")
    DONE = "done", pgettext_lazy("recheck status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("recheck status", "Cancelled")


class Recheck(models.Model):
    """A planned lab test (one or more catalogue tests) due on a date."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="rechecks")
    tests = models.JSONField(help_text="Catalogue codes; a result for any of them completes it.")
    label = models.CharField(max_length=120, blank=True)
    due_on = models.DateField(db_index=True)
    # A result collected up to this many days before the due date still counts.
    window_days_before = models.PositiveSmallIntegerField(default=7)
    grace_days = models.PositiveSmallIntegerField(default=7)
    # due_on + grace_days, stored so the reminder sweep reads only open rechecks that are
    # overdue through the partial index below. Kept in step by save().
    overdue_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=RecheckStatus.choices, default=RecheckStatus.OPEN
    )
    repeat_every_months = models.PositiveSmallIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    completed_on = models.DateField(null=True, blank=True)
    completed_by_result = models.ForeignKey(
        LabResult, null=True, blank=True, on_delete=models.SET_NULL, related_name="rechecks"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # The reminder sweep: open rechecks with overdue_on <= today, across patients.
            models.Index(
                fields=["overdue_on"], condition=Q(status="open"), name="labs_recheck_open_overdue"
            ),
            # Dashboards and the recheck list: one patient's rechecks by status and date.
            models.Index(fields=["patient", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} due {self.due_on}"

    def save(self, *args, **kwargs):
        self.overdue_on = self.due_on + timedelta(days=self.grace_days)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "overdue_on"}
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        """The label typed, else the tests' names in the reader's language."""
        return self.label or ", ".join(self.test_names)

    @property
    def english_title(self) -> str:
        """The title as data, for the API and the record export."""
        with translation.override("en"):
            return self.title

    @property
    def test_names(self) -> list[str]:
        return [str(catalogue.BY_CODE[c].name) for c in self.tests if c in catalogue.BY_CODE]

    @property
    def window_opens_on(self) -> date:
        return self.due_on - timedelta(days=self.window_days_before)

    def is_overdue(self, today: date) -> bool:
        """Open, and the grace after the due date has run out (overdue from `overdue_on`)."""
        return self.status == RecheckStatus.OPEN and today >= self.overdue_on

    def is_due(self, today: date) -> bool:
        """Open, its due date come, and not yet overdue: the time to have the test."""
        return self.status == RecheckStatus.OPEN and self.due_on <= today < self.overdue_on

    def is_completed_by(self, test_code: str, collected_on: date) -> bool:
        return test_code in self.tests and collected_on >= self.window_opens_on


class Severity(models.IntegerChoices):
    # Translators: Clinical: a symptom's severity, a choice of the check-in form.
    NONE = 0, pgettext_lazy("severity", "None")
    # Translators: Clinical: a symptom's severity, a choice of the check-in form.
    MILD = 1, pgettext_lazy("severity", "Mild")
    # Translators: Clinical: a symptom's severity, a choice of the check-in form.
    MODERATE = 2, pgettext_lazy("severity", "Moderate")
    # Translators: Clinical: a symptom's severity, a choice of the check-in form.
    SEVERE = 3, pgettext_lazy("severity", "Severe")


class SymptomCheckin(models.Model):
    """A dated self-report: each symptom's severity 0-3 and anything else in words."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="checkins")
    checked_on = models.DateField()
    fatigue = models.PositiveSmallIntegerField(choices=Severity.choices, default=0)
    numbness = models.PositiveSmallIntegerField(choices=Severity.choices, default=0)
    balance = models.PositiveSmallIntegerField(choices=Severity.choices, default=0)
    memory = models.PositiveSmallIntegerField(choices=Severity.choices, default=0)
    mood = models.PositiveSmallIntegerField(choices=Severity.choices, default=0)
    sore_tongue = models.PositiveSmallIntegerField(choices=Severity.choices, default=0)
    breathlessness = models.PositiveSmallIntegerField(choices=Severity.choices, default=0)
    chest_pain = models.PositiveSmallIntegerField(choices=Severity.choices, default=0)
    vision = models.PositiveSmallIntegerField(choices=Severity.choices, default=0)
    allergic_reaction = models.BooleanField(
        # Translators: Clinical: a red-flag question of the symptom check-in.
        gettext_lazy("allergic reaction after an injection"), default=False,
        help_text=gettext_lazy(
            # Translators: Clinical: the signs of an allergic reaction (anaphylaxis) after an
            # injection, under the check-in's question.
            "Swelling of the face, lips or throat, wheezing or a spreading rash."
        ),
    )
    # Translators: Clinical: a red-flag question of the symptom check-in.
    fainted = models.BooleanField(gettext_lazy("fainted or passed out"), default=False)
    notes = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when a caregiver records what they noticed rather than the patient's own report:
    # charts, the summary and the red-flag comparison keep the two apart.
    observed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["patient", "checked_on"])]

    def __str__(self) -> str:
        return f"Check-in on {self.checked_on}"

    @property
    def is_observation(self) -> bool:
        return self.observed_by_id is not None

    @property
    def severities(self) -> dict[str, int]:
        return {name: getattr(self, name) for name, _ in redflags.SYMPTOMS}

    def severity_rows(self) -> list[tuple[str, int, str]]:
        """(symptom, severity 0-3, its name), in the reader's language."""
        return [
            (str(label), getattr(self, name), str(redflags.SEVERITY_NAMES[getattr(self, name)]))
            for name, label in redflags.SYMPTOMS
        ]

    @property
    def severity_summary(self) -> str:
        """Every symptom with its severity, "Fatigue: mild, Sore tongue: none"."""
        # Translators: Clinical: one symptom with its severity in a list, "Fatigue: mild";
        # a colon, so that the severity need not agree with the symptom.
        pair = _("%(symptom)s: %(severity)s")
        return pgettext("list separator", ", ").join(
            pair % {"symptom": label, "severity": severity}
            for label, _value, severity in self.severity_rows()
        )


class RedFlagAlert(models.Model):
    """The red flags one check-in raised, for the care team to see and acknowledge."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="red_flags")
    checkin = models.OneToOneField(
        SymptomCheckin, on_delete=models.CASCADE, related_name="red_flag_alert"
    )
    reasons = models.JSONField(help_text="Human-readable reasons, one per rule that fired.")
    urgent = models.BooleanField(default=False, help_text="Advice was: seek urgent care now.")
    # The advice as the patient read it, with their country's emergency number at the time.
    advice_given = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Reminders notify the care team of alerts created since their last sweep.
            models.Index(fields=["created_at"]),
            models.Index(fields=["patient", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Red flag for {self.patient} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def advice(self) -> str:
        """As given, in English (the record and the API); pages show `shown_advice`."""
        if self.advice_given:
            return self.advice_given
        with translation.override("en"):
            return redflags.advice_for(self.urgent)

    @property
    def shown_advice(self) -> str:
        """The advice in the reader's language (with the number the patient was given)."""
        return redflags.shown_advice(self.advice_given, self.urgent)

    @property
    def shown_reasons(self) -> list[str]:
        """The stored (English) reasons in the reader's language."""
        return [redflags.shown_reason(reason) for reason in self.reasons]
