from django.core.management.base import BaseCommand

from reminders import services


class Command(BaseCommand):
    help = "Run one reminder sweep now, in this process: plan the outbox, then send what is due."

    def handle(self, *args, **options):
        result = services.sweep()
        self.stdout.write(
            f"planned {result.planned}, cancelled {result.cancelled}, "
            f"sent {result.sent}, failed {result.failed}"
        )
