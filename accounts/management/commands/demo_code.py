from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from accounts import demo


class Command(BaseCommand):
    help = "Print the demo clinician's current two-factor code (debug servers only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo authenticator exists only while DJANGO_DEBUG is on.")
        code = totp(bytes.fromhex(demo.DEMO_TOTP_KEY_HEX))
        self.stdout.write(f"{code:06d}")
