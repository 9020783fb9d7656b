"""The app dependency direction of DESIGN.md, as `make test` checks it with import-linter."""

import subprocess
import sys
import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def import_linter_options() -> dict:
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]


def test_it_lists_every_project_app_as_a_root_package():
    # A new app (supplies, say) outside root_packages would be invisible to every contract:
    # its imports would never be checked, whichever layer names it.
    # A project app is a folder at the top of the repository; the virtualenv may live inside
    # the repository too (CI's clone), so "somewhere below BASE_DIR" is not enough.
    project_apps = {
        config.name for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)
    }
    assert project_apps
    assert project_apps <= set(import_linter_options()["root_packages"])


def test_it_keeps_every_import_contract():
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=settings.BASE_DIR,
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = len(import_linter_options()["contracts"])
    assert f"Contracts: {contracts} kept, 0 broken." in result.stdout
