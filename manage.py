#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "b12tracker.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    # Read the settings first: Django's command line would set a configuration error aside
    # and fail later with "Models aren't loaded yet", hiding what to set (DJANGO_SECRET_KEY,
    # or DJANGO_DEBUG=1 for local work).
    settings.INSTALLED_APPS  # noqa: B018
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
