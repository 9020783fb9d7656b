"""`make run` as a newcomer meets it: on a copy of the working tree with nothing but the
installed .venv and node_modules, no DATABASE_URL, no broker, on a port of one's choosing."""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from accounts.demo import DEMO_PASSWORD, PATIENT_EMAIL

BASE = Path(settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def fresh_clone(tmp_path) -> Path:
    """The files git would commit (edits included). They are dated in the past so that
    make's stamp files in the shared .venv and node_modules count as up to date: installing
    is not what this test is about, and needs the network."""
    clone = tmp_path / "b12"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=BASE, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = BASE / name
        if source.is_file() and not source.is_symlink():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, clone / name)
            os.utime(clone / name, (946_684_800, 946_684_800))  # 2000-01-01
    for shared in (".venv", "node_modules"):
        (clone / shared).symlink_to((BASE / shared).resolve())
    return clone


# Never remake the install stamps: npm ci through the node_modules symlink would empty the
# shared installation under everyone's feet.
MAKE_RUN = ["make", "--no-print-directory", "-o", "node_modules/.installed",
            "-o", ".venv/.runtime-installed", "run"]


def _newcomer_env(clone: Path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "SITE_URL", "EMAIL_URL",
                        "DJANGO_SETTINGS_MODULE", "PORT", "MAKEFLAGS", "MFLAGS"}}
    return {**env, **extra}


def test_make_run_serves_on_the_chosen_port_with_links_on_it(fresh_clone, tmp_path):
    port = _free_port()
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = _newcomer_env(fresh_clone, EMAIL_URL="filemail://", EMAIL_FILE_PATH=str(outbox))
    log = (tmp_path / "run.log").open("w+")
    run = subprocess.Popen(
        [*MAKE_RUN, f"PORT={port}"], cwd=fresh_clone, env=env,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        opener = _wait_for_server(port, run, log)
        front = opener.open(f"http://127.0.0.1:{port}/accounts/login/").read().decode()
        dashboard = _post_form(opener, f"http://127.0.0.1:{port}/accounts/login/", front,
                               {"username": PATIENT_EMAIL, "password": DEMO_PASSWORD})
        patient_id = re.search(r"/patients/(\d+)/", dashboard.geturl()).group(1)
        invite_url = f"http://127.0.0.1:{port}/patients/{patient_id}/team/invite/"
        form = opener.open(invite_url).read().decode()
        _post_form(opener, invite_url, form, {
            "email": "newcomer@example.com", "role": "caregiver", "can_log_doses": "on",
        })
        email = "".join(path.read_text() for path in outbox.iterdir())
        assert f"http://127.0.0.1:{port}/invitations/" in email
        assert "127.0.0.1:8000" not in email
        log.seek(0)
        printed = log.read()
        assert f"Log in at http://127.0.0.1:{port}/accounts/login/" in printed
        assert PATIENT_EMAIL in printed
        assert DEMO_PASSWORD in printed
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGINT)
            run.wait(timeout=30)


def test_make_run_on_a_busy_port_stops_before_starting_anything(fresh_clone, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [*MAKE_RUN, f"PORT={port}"], cwd=fresh_clone,
            env=_newcomer_env(fresh_clone), capture_output=True, text=True, timeout=120,
        )
    assert result.returncode != 0
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert f"make run PORT={port + 1}" in result.stderr
    assert not (fresh_clone / "var" / "db.sqlite3").exists(), "migrated before the check"


def _wait_for_server(port, run, log, timeout=180):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if run.poll() is not None:
            log.seek(0)
            pytest.fail(f"make run stopped with {run.returncode}:\n{log.read()[-3000:]}")
        try:
            opener.open(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return opener
        except OSError:
            time.sleep(0.5)
    log.seek(0)
    pytest.fail(f"nothing answered on port {port}:\n{log.read()[-3000:]}")


def _post_form(opener, url, page, fields):
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    return opener.open(request)
