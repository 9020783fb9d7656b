"""Supplies on hand, what doses took from them, who gives the injection, and appointments."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from accounts.dates import short_date
from accounts.models import ChangeRecord, Patient
from schedules.models import Product, Regimen

from .forecast import Stock, StockForm


class SupplyStatus(models.TextChoices):
    ACTIVE = "active", gettext_lazy("On hand")
    VOIDED = "voided", gettext_lazy("Recorded in error")


class Supply(models.Model):
    """One lot on hand: a box of ampoules, or one multi-dose vial.

    `left` counts ampoules (whole numbers) or, for a vial, millilitres. It only moves through
    supplies.services, with a conditional update that never takes it below zero.
    """

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="supplies")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    form = models.CharField(
        max_length=10, choices=[(StockForm.AMPOULES, gettext_lazy("Ampoules")),
                                (StockForm.VIAL, gettext_lazy("Multi-dose vial"))],
        default=StockForm.AMPOULES,
    )
    lot = models.CharField(gettext_lazy("lot number"), max_length=40)
    expires_on = models.DateField(gettext_lazy("expiry date"))
    quantity = models.PositiveIntegerField(gettext_lazy("ampoules received"), default=0)
    ampoule_volume_ml = models.DecimalField(
        gettext_lazy("mL per ampoule"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    vial_volume_ml = models.DecimalField(
        gettext_lazy("vial volume (mL)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    opened_on = models.DateField(gettext_lazy("opened on"), null=True, blank=True)
    discard_after_days = models.PositiveSmallIntegerField(
        gettext_lazy("discard after (days from opening)"), null=True, blank=True
    )
    left = models.DecimalField(max_digits=7, decimal_places=2)
    # The last day the lot may be used (expiry, or the day before an opened vial's discard
    # date), stored for the expiry reminders: the sweep reads it through the index below.
    usable_until = models.DateField()
    source = models.CharField(gettext_lazy("where it came from"), max_length=150, blank=True)
    received_on = models.DateField(default=timezone.localdate)
    status = models.CharField(
        max_length=8, choices=SupplyStatus.choices, default=SupplyStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["usable_until", "id"]
        verbose_name_plural = gettext_lazy("supplies")
        constraints = [
            models.CheckConstraint(condition=Q(left__gte=0), name="supply_left_never_negative"),
        ]
        indexes = [
            # The expiry reminders read lots still on hand by the day they stop being usable.
            models.Index(
                fields=["usable_until"], condition=Q(status="active", left__gt=0),
                name="supply_on_hand_usable_idx",
            ),
            models.Index(fields=["patient", "status", "usable_until"]),
        ]

    def __str__(self) -> str:
        return _("%(product)s lot %(lot)s") % {"product": self.product, "lot": self.lot}

    @property
    def is_vial(self) -> bool:
        return self.form == StockForm.VIAL

    def as_stock(self) -> Stock:
        return Stock(
            key=self.pk, form=StockForm(self.form), left=self.left, expires_on=self.expires_on,
            ampoule_volume_ml=self.ampoule_volume_ml, opened_on=self.opened_on,
            discard_after_days=self.discard_after_days,
        )

    def is_usable_on(self, day) -> bool:
        return self.status == SupplyStatus.ACTIVE and self.as_stock().is_usable_on(day)

    @property
    def left_label(self) -> str:
        if self.is_vial:
            return _("%(ml)s mL left") % {"ml": number_format(self.left.normalize())}
        count = int(self.left)
        return ngettext("%(count)s ampoule", "%(count)s ampoules", count) % {"count": count}

    def unusable_reason(self, day) -> str:
        """Why the lot may not be used on `day` (empty when it may)."""
        stock = self.as_stock()
        if stock.is_usable_on(day):
            return ""
        if day > self.expires_on:
            # Clinical: a warning that a lot past its expiry date may not be used.
            return _("Lot %(lot)s expired on %(on)s.") % {
                "lot": self.lot, "on": short_date(self.expires_on)}
        # Clinical: a warning that an opened vial past its discard date may not be used.
        return ngettext(
            "This vial was opened on %(opened)s and is to be discarded %(days)s day after "
            "opening (%(discard)s).",
            "This vial was opened on %(opened)s and is to be discarded %(days)s days after "
            "opening (%(discard)s).", self.discard_after_days,
        ) % {"opened": short_date(self.opened_on), "days": self.discard_after_days,
             "discard": short_date(stock.discard_on)}

    def expiry_notice_on(self, days: int):
        return self.usable_until - timedelta(days=days)


class SupplyRevision(ChangeRecord):
    """A correction or voiding of a supply record: the values before, who, when and why."""

    class Kind(models.TextChoices):
        CORRECTED = "corrected", pgettext_lazy("supply revision", "Corrected")
        VOIDED = "voided", pgettext_lazy("supply revision", "Voided")

    supply = models.ForeignKey(Supply, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    previous = models.JSONField(
        help_text=gettext_lazy("The changed fields' values before the change."))


class SupplyUse(models.Model):
    """What one dose took from one lot (negative) or gave back (positive).

    `dose_id` names the dose without a foreign key: supplies sits below doses and may not
    know its models (doses.services calls in here).
    """

    supply = models.ForeignKey(Supply, on_delete=models.CASCADE, related_name="uses")
    dose_id = models.PositiveBigIntegerField(db_index=True)
    change = models.DecimalField(max_digits=7, decimal_places=2)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return _("%(change)s from lot %(supply)s for dose %(dose)s") % {
            "change": self.change, "supply": self.supply_id, "dose": self.dose_id}


class GivenBy(models.TextChoices):
    SELF = "self", gettext_lazy("The patient (self-injection)")
    CAREGIVER = "caregiver", pgettext_lazy("who gives the injection", "A caregiver")
    NURSE_PRACTICE = "nurse_practice", gettext_lazy("A nurse at the practice")
    NURSE_PHARMACY = "nurse_pharmacy", gettext_lazy("A nurse or pharmacist at a pharmacy")
    NURSE_HOME = "nurse_home", gettext_lazy("A nurse at home")


NURSE_GIVEN = (GivenBy.NURSE_PRACTICE, GivenBy.NURSE_PHARMACY, GivenBy.NURSE_HOME)


class Arrangement(models.Model):
    """Per regimen: who gives the injection, when to remind about refills and booking, the
    prescription review date, and the stored forecast the reminder sweep reads."""

    regimen = models.OneToOneField(Regimen, on_delete=models.CASCADE, related_name="arrangement")
    given_by = models.CharField(
        gettext_lazy("who gives the injection"), max_length=16, choices=GivenBy.choices,
        default=GivenBy.SELF,
    )
    book_ahead_days = models.PositiveSmallIntegerField(
        gettext_lazy("remind to book the nurse this many days before the due date"), default=14
    )
    refill_threshold_days = models.PositiveSmallIntegerField(
        gettext_lazy("remind about a refill when the supply covers fewer days than"), default=21
    )
    refill_lead_days = models.PositiveSmallIntegerField(
        gettext_lazy("days needed to get a new supply"), default=7
    )
    review_due_on = models.DateField(gettext_lazy("prescription review due"), null=True,
                                     blank=True, db_index=True)
    # Denormalised by services.forecast_refresh whenever a dose, a supply or the plan changes.
    runs_out_on = models.DateField(null=True, blank=True)
    refill_by_on = models.DateField(null=True, blank=True)
    # The sweep reads regimens about to run short by this column (and its index).
    refill_remind_on = models.DateField(null=True, blank=True, db_index=True)
    # The newest supply when the forecast was made: a new supply is a new refill question.
    refill_after_supply_id = models.PositiveBigIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.get_given_by_display()} ({self.regimen_id})"

    @property
    def is_nurse_given(self) -> bool:
        return self.given_by in NURSE_GIVEN


class ArrangementRevision(ChangeRecord):
    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE,
                                    related_name="revisions")
    previous = models.JSONField()


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", pgettext_lazy("appointment", "Booked")
    CANCELLED = "cancelled", pgettext_lazy("appointment", "Cancelled")


class Appointment(models.Model):
    """A booked visit at which a nurse gives the injection."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField(gettext_lazy("date and time"))
    place = models.CharField(max_length=150)
    given_by = models.CharField(max_length=16, choices=GivenBy.choices,
                                default=GivenBy.NURSE_PRACTICE)
    note = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.BOOKED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            # The appointment-tomorrow reminders read booked visits by their time.
            models.Index(fields=["starts_at"], condition=Q(status="booked"),
                         name="appointment_booked_idx"),
        ]

    def __str__(self) -> str:
        return _("Appointment at %(place)s on %(at)s") % {
            "place": self.place, "at": f"{self.starts_at:%Y-%m-%d %H:%M}"}

    @property
    def is_booked(self) -> bool:
        return self.status == AppointmentStatus.BOOKED
