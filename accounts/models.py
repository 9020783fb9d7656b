"""Users, patients, care-team membership and the access log."""

import math
import zoneinfo
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .text import OneLine


@cache
def timezone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def validate_timezone_name(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Choose one such as Europe/London."),
            params={"value": value},
            code="unknown_timezone",
        )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        # The operator typing the address at the command line stands for its verification.
        extra_fields.setdefault("email_verified_at", timezone.now())
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class ColourScheme(models.TextChoices):
    AUTO = "auto", gettext_lazy("Follow this device's setting")
    # Translators: a colour scheme: dark text on a light background.
    LIGHT = "light", gettext_lazy("Light")
    # Translators: a colour scheme: light text on a dark background.
    DARK = "dark", gettext_lazy("Dark")


class TextSize(models.TextChoices):
    # Translators: a text size.
    NORMAL = "normal", gettext_lazy("Normal")
    # Translators: a text size, larger than the normal one.
    LARGE = "large", gettext_lazy("Larger")


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: a patient, a caregiver or a clinician. Email is the login."""

    email = models.EmailField(gettext_lazy("email address"), unique=True)
    name = models.CharField(max_length=150, validators=[OneLine(gettext_lazy("Name"))])
    colour_scheme = models.CharField(
        gettext_lazy("colours"), max_length=8, choices=ColourScheme.choices,
        default=ColourScheme.AUTO,
    )
    text_size = models.CharField(
        gettext_lazy("text size"), max_length=8, choices=TextSize.choices,
        default=TextSize.NORMAL,
    )
    # Pages, emails, push notifications and calendar events reach this person in it,
    # whatever language the patient they follow chose (accounts.middleware, reminders).
    language = models.CharField(
        gettext_lazy("language"), max_length=8, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # When the owner opened the link emailed to this address (accounts.email_address). Until
    # then no reminder is emailed to it: whoever signed up may not own it.
    email_verified_at = models.DateTimeField(
        gettext_lazy("email address verified"), null=True, blank=True
    )
    # The last confirmation link sent, for the "send again" throttle.
    email_link_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    def __str__(self) -> str:
        return self.name or self.email

    def save(self, *args, **kwargs):
        # set_password() leaves the new password in _password until the save; a rehash at
        # login (check_password) clears it first, so only a real change is announced.
        new_password = self.pk is not None and self._password is not None
        super().save(*args, **kwargs)
        if new_password:
            from .signals import credentials_changed

            credentials_changed.send(sender=type(self), user=self, reason="password")

    def get_full_name(self) -> str:
        return self.name

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    # "Send the link again" at most this often: each one is an email to an address that may
    # not be the account holder's.
    EMAIL_LINK_INTERVAL = timedelta(minutes=5)

    def email_link_wait(self, now=None) -> timedelta:
        """How long until another confirmation link may be sent (zero: now)."""
        if self.email_link_sent_at is None:
            return timedelta(0)
        allowed_at = self.email_link_sent_at + self.EMAIL_LINK_INTERVAL
        return max(allowed_at - (now or timezone.now()), timedelta(0))

    @property
    def email_link_wait_minutes(self) -> int:
        """`email_link_wait`, in whole minutes rounded up, for the banner's wording."""
        return math.ceil(self.email_link_wait().total_seconds() / 60)

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class B12Unit(models.TextChoices):
    PG_PER_ML = "pg/mL", "pg/mL (ng/L)"
    PMOL_PER_L = "pmol/L", "pmol/L"


class Patient(models.Model):
    """The person receiving injections. May or may not have a login of their own."""

    display_name = models.CharField(
        max_length=150, validators=[OneLine(gettext_lazy("Patient's name"))]
    )
    date_of_birth = models.DateField(null=True, blank=True)
    timezone = models.CharField(
        max_length=64,
        default="Europe/London",
        validators=[validate_timezone_name],
        help_text=gettext_lazy("Due dates and reminders follow this zone's calendar and clock."),
    )
    preferred_b12_unit = models.CharField(
        gettext_lazy("preferred B12 unit"), max_length=8, choices=B12Unit.choices,
        default=B12Unit.PG_PER_ML,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_patient",
        help_text="The login of the patient themselves, if they have one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["display_name", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local_today(self, now=None):
        """Today's date on the patient's own calendar, which is not always UTC's."""
        return (now or timezone.now()).astimezone(self.zone).date()


class Role(models.TextChoices):
    # Translators: the role of the patient on their own care team.
    SELF = "self", gettext_lazy("Patient (self)")
    CAREGIVER = "caregiver", gettext_lazy("Caregiver")
    CLINICIAN = "clinician", gettext_lazy("Clinician")

    @classmethod
    def choices_for_new_profile(cls) -> list[tuple[str, str]]:
        """The creator's answer to "who is this profile for?", as the role they take."""
        return [
            (cls.SELF, gettext_lazy("Me: I am the patient")),
            (cls.CAREGIVER, gettext_lazy("Someone I look after, such as a parent or a child")),
            (cls.CLINICIAN, gettext_lazy("A patient of mine: I am their clinician")),
        ]


# What an invitation offers each role unless the inviter changes it: a caregiver usually gives
# the injections; a clinician also prescribes and plans the lab rechecks.
ROLE_DEFAULT_CAPABILITIES = {
    Role.CAREGIVER: ("can_log_doses",),
    Role.CLINICIAN: ("can_log_doses", "can_manage_regimen"),
}


class Capability(models.TextChoices):
    """What a care-team member may do beyond viewing the record."""

    VIEW = "view", gettext_lazy("View the record")
    LOG_DOSES = "log_doses", gettext_lazy("Log doses")
    MANAGE_REGIMEN = "manage_regimen", gettext_lazy("Manage regimen and lab plans")
    MANAGE_TEAM = "manage_team", gettext_lazy("Manage the care team")


class CareTeamMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CareTeamMember(models.Model):
    """One user's access to one patient. Revoking keeps the row so the history stays."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    can_log_doses = models.BooleanField(default=False)
    can_manage_regimen = models.BooleanField(default=False)
    can_manage_team = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Whether each step of the first-run checklist is done is read from the data itself
    # (a regimen, a dose...); only putting the list away is a choice the data cannot tell.
    checklist_dismissed_at = models.DateTimeField(null=True, blank=True)

    objects = CareTeamMemberQuerySet.as_manager()

    class Meta:
        constraints = [
            # One live membership per person and patient; revoked rows are history.
            models.UniqueConstraint(
                fields=["patient", "user"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_membership_per_user_and_patient",
            ),
        ]
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.patient} ({self.get_role_display()})"

    def has_capability(self, capability: str) -> bool:
        if capability == Capability.VIEW:
            return True
        return bool(getattr(self, f"can_{capability}"))

    @property
    def capability_labels(self) -> list[str]:
        return [str(c.label) for c in Capability
                if c != Capability.VIEW and self.has_capability(c)]


class ChangeRecord(models.Model):
    """Why, by whom and when clinical data was changed: the base of every revision row, since
    doses and lab results are corrected or voided, never silently overwritten."""

    reason = models.CharField(max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        abstract = True


class AccessAction(models.TextChoices):
    # Translators: what a care-team member did with the record, in the access log.
    VIEW = "view", gettext_lazy("Viewed")
    CREATE = "create", gettext_lazy("Created")
    UPDATE = "update", gettext_lazy("Changed")
    EXPORT = "export", gettext_lazy("Exported")
    DELETE = "delete", gettext_lazy("Deleted")


class AccessVia(models.TextChoices):
    PAGE = "page", gettext_lazy("A page or the API")
    CALENDAR = "calendar", gettext_lazy("A calendar app")


class AccessEvent(models.Model):
    """Who looked at or changed a patient's record, kept even if the patient is deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    patient = models.ForeignKey(
        Patient, null=True, on_delete=models.SET_NULL, related_name="access_events"
    )
    patient_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=8, choices=AccessAction.choices)
    path = models.CharField(max_length=500)
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # A calendar app polling a feed link is not a person at a screen; the log says so.
    via = models.CharField(max_length=8, choices=AccessVia.choices, default=AccessVia.PAGE)

    class Meta:
        ordering = ["-at", "-id"]
        # The "who accessed this record" page reads one patient's newest events.
        indexes = [models.Index(fields=["patient", "-at"])]

    def __str__(self) -> str:
        return f"{self.who} {self.action} {self.patient_label} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        """The access log's "Who" column. The user is gone (SET_NULL) once their account is
        deleted; feed links made before they belonged to a member had no user at all."""
        by_calendar = self.via == AccessVia.CALENDAR
        if self.user is None:
            return _("calendar app") if by_calendar else _("deleted user")
        name = self.user.name or self.user.email
        # Translators: who opened the record in the access log: a person's calendar app.
        return _("%(name)s (calendar app)") % {"name": name} if by_calendar else name


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class Invitation(models.Model):
    """An emailed, single-use offer to join one patient's care team.

    Only a hash of the link's token is stored, so a leaked database cannot be used to join.
    """

    VALID_FOR_DAYS = 7

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(
        max_length=16,
        choices=[(Role.CAREGIVER, Role.CAREGIVER.label), (Role.CLINICIAN, Role.CLINICIAN.label)],
    )
    can_log_doses = models.BooleanField(gettext_lazy("May log doses"), default=False)
    can_manage_regimen = models.BooleanField(
        gettext_lazy("May manage the regimen and lab plans"), default=False
    )
    can_manage_team = models.BooleanField(gettext_lazy("May manage the care team"), default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.patient}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


# The clinical profile lives in its own module; importing it here registers its models.
from .clinical import ClinicalProfile, ClinicalProfileChange  # noqa: E402,F401
