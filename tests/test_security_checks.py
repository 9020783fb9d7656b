"""The pip-audit step of `make test` (bandit runs there directly)."""

import importlib.util

from django.conf import settings

spec = importlib.util.spec_from_file_location(
    "audit_requirements", settings.BASE_DIR / "scripts" / "audit_requirements.py"
)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {
            "name": "qrcode", "version": "8.2",
            "vulns": [{"id": "PYSEC-2099-1", "aliases": ["CVE-2099-1"], "fix_versions": ["8.3"]}],
        },
    ]
}


def test_a_known_vulnerability_fails_the_audit_and_names_the_fix():
    code, lines = audit.verdict(VULNERABLE, set(), strict=False)
    assert code == 1
    assert "VULNERABLE qrcode 8.2: PYSEC-2099-1 (fixed in 8.3)" in lines


def test_an_ignored_vulnerability_passes_by_id_or_alias():
    ignore_file = "# why\nCVE-2099-1  # not reachable from our code; recheck 2026-06-01\n"
    code, lines = audit.verdict(VULNERABLE, audit.ignored_ids(ignore_file), strict=False)
    assert code == 0
    assert "ignored PYSEC-2099-1 in qrcode 8.2" in lines


def test_packages_it_could_not_audit_are_reported_never_passed_off_as_clean():
    report = {"dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {"name": "celery", "skip_reason": "Dependency not found on PyPI"},
    ]}
    code, lines = audit.verdict(report, set(), strict=False)
    assert code == 0
    assert "NOT AUDITED: vulnerability data could not be fetched for 1 of 2 packages:" in lines
    assert not any("pinned packages, no known vulnerabilities" in line for line in lines)
    assert audit.verdict(report, set(), strict=True)[0] == 2


def test_a_clean_audit_says_so():
    report = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
    assert audit.verdict(report, set(), strict=True) == (
        0, ["pip-audit: 1 pinned packages, no known vulnerabilities"]
    )


def test_the_ignore_list_is_empty():
    assert audit.ignored_ids((settings.BASE_DIR / "pip-audit-ignore.txt").read_text()) == set()
