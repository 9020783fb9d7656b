"""Audit the pinned runtime requirements for known vulnerabilities with pip-audit.

Fails (exit 1) when a pinned package has a known vulnerability that is not on the ignore
list (pip-audit-ignore.txt). pip-audit reports no severities, so every known vulnerability
counts as above "low".

Packages whose vulnerability data cannot be fetched are *not audited*, and this script says
so loudly instead of printing "no known vulnerabilities". It then exits 0 unless
PIP_AUDIT_STRICT=1, in which case it fails (exit 2): set that wherever PyPI's
vulnerability data is reachable.

Usage: python scripts/audit_requirements.py [requirements.txt]
"""

import json
import os
import subprocess  # nosec B404: runs pip-audit, a fixed argument list
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILE = ROOT / "pip-audit-ignore.txt"


def ignored_ids(text: str) -> set[str]:
    """IDs from the ignore list: one per line, '#' starts a comment (the reason)."""
    return {line.split("#")[0].strip() for line in text.splitlines()} - {""}


def verdict(report: dict, ignored: set[str], *, strict: bool) -> tuple[int, list[str]]:
    """The exit code and the lines to print, from pip-audit's JSON report."""
    lines, vulnerable, unaudited, audited = [], 0, [], 0
    for dep in report.get("dependencies", []):
        if "skip_reason" in dep:
            unaudited.append(f"{dep['name']}: {dep['skip_reason']}")
            continue
        audited += 1
        for vuln in dep.get("vulns", []):
            names = {vuln["id"], *vuln.get("aliases", [])}
            if names & ignored:
                lines.append(f"ignored {vuln['id']} in {dep['name']} {dep['version']}")
                continue
            vulnerable += 1
            fixes = ", ".join(vuln.get("fix_versions", [])) or "none yet"
            lines.append(
                f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})"
            )
    code = 1 if vulnerable else 0
    if unaudited:
        lines.append(
            f"NOT AUDITED: vulnerability data could not be fetched for {len(unaudited)} "
            f"of {len(unaudited) + audited} packages:"
        )
        lines.extend(f"  {entry}" for entry in unaudited)
        if strict and not code:
            code = 2
    if code == 0 and not unaudited:
        lines.append(f"pip-audit: {audited} pinned packages, no known vulnerabilities")
    elif code == 0 and audited:
        lines.append(f"pip-audit: no known vulnerabilities in the {audited} packages it audited")
    return code, lines


def main(argv: list[str]) -> int:
    requirements = argv[1] if len(argv) > 1 else str(ROOT / "requirements.txt")
    ignored = ignored_ids(IGNORE_FILE.read_text()) if IGNORE_FILE.exists() else set()
    command = [
        str(Path(sys.executable).with_name("pip-audit")),
        "--requirement", requirements,
        "--no-deps", "--disable-pip",  # every line is pinned; no resolver, no install
        "--format", "json", "--progress-spinner", "off",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print("\n".join(result.stderr.strip().splitlines()[-1:]) or "pip-audit gave no report")
        print("NOT AUDITED: pip-audit could not run (see the error above)")
        return 2 if os.environ.get("PIP_AUDIT_STRICT") == "1" else 0
    code, lines = verdict(report, ignored, strict=os.environ.get("PIP_AUDIT_STRICT") == "1")
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
