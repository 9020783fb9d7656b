"""Make a local VAPID key pair for Web Push when none is configured (`make run` calls this).

Production sets VAPID_PRIVATE_KEY in the environment; a key written here stays under var/
and is never used when the variable is set.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from py_vapid import Vapid
from py_vapid.utils import b64urlencode

from reminders import push


class Command(BaseCommand):
    help = "Write var/vapid-private-key unless VAPID_PRIVATE_KEY is set or the file exists."

    def handle(self, *args, **options):
        path = settings.VAR_DIR / "vapid-private-key"
        if settings.VAPID_PRIVATE_KEY:
            self.stdout.write("Web Push: a VAPID key is already set (VAPID_PRIVATE_KEY or var/).")
            return
        key = Vapid()
        key.generate_keys()
        raw = key.private_key.private_numbers().private_value.to_bytes(32, "big")
        path.write_text(b64urlencode(raw) + "\n")
        path.chmod(0o600)
        settings.VAPID_PRIVATE_KEY = path.read_text().strip()
        self.stdout.write(
            f"Web Push: wrote a local VAPID key to {path} "
            f"(public key {push.application_server_key()})."
        )
