"""An email backend for the worker-crash test: it writes files like Django's file backend,
but first waits, so the test can kill the worker while it holds a claimed reminder."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "30")))
        return super().send_messages(email_messages)
