from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo
from b12tracker.plugins import app_modules


class Command(BaseCommand):
    help = "Create (or top up) the demo patient, caregiver and clinician. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DJANGO_DEBUG is off."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo accounts with a known password while DJANGO_DEBUG is "
                "off. Pass --force if this really is a demo server."
            )
        with transaction.atomic():
            cast = demo.seed_cast()
            for module in app_modules("demo"):
                if module is not demo:  # the cast itself, made above
                    module.seed(cast)
            # Only where the published key can do no harm: never on a server with debug off.
            device = demo.enrol_demo_authenticator(cast.clinician) if settings.DEBUG else None
        login_url = f"{settings.SITE_URL}/accounts/login/"
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in at {login_url} as:"))
        for role, email in [
            ("patient", demo.PATIENT_EMAIL),
            ("caregiver", demo.CAREGIVER_EMAIL),
            ("clinician", demo.CLINICIAN_EMAIL),
        ]:
            self.stdout.write(f"  {role:<10} {email}")
        self.stdout.write(f"  password   {demo.DEMO_PASSWORD}")
        if device is not None:
            self.stdout.write(
                "The clinician also needs a code from an authenticator app: add the key "
                f"{demo.DEMO_TOTP_SECRET} to one (time-based, 6 digits), or print the current "
                "code with `DJANGO_DEBUG=1 .venv/bin/python manage.py demo_code`."
            )
