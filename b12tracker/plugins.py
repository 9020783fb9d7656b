"""How our apps contribute to shared places without the shared place importing them.

An app offers a module of an agreed name — `dashboard.py` (a card), `demo.py` (seed_demo's
data), `calendar_events.py` (feed events), `calendar_alarm.py` (the feed's alarm time),
`bench.py` (benchmark pages), `account_data.py` (its part of "download my data") — and the
shared place asks for every such module here, in INSTALLED_APPS order (so dependencies come first).
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.conf import settings


@cache
def app_modules(module_name: str) -> tuple[ModuleType, ...]:
    """The `<app>.<module_name>` modules of this project's own apps (third-party apps are
    never asked), found once per process: the set of installed apps does not change."""
    found = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.{module_name}"
        if app_config.path.startswith(str(settings.BASE_DIR)) and find_spec(name) is not None:
            found.append(import_module(name))
    return tuple(found)
