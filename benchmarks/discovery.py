from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings


def app_bench_modules():
    """Our apps' `bench.py` modules, in INSTALLED_APPS order."""
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.bench"
        if app_config.path.startswith(str(settings.BASE_DIR)) and find_spec(name) is not None:
            yield import_module(name)
