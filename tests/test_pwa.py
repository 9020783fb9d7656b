"""The installable app: manifest, icons, service worker and offline page."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from accounts.demo import seed_cast

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(path) -> tuple[int, int]:
    with open(path, "rb") as image:
        head = image.read(24)
    assert head[:8] == PNG_SIGNATURE, path
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_it_serves_a_manifest_a_phone_can_install(client):
    response = client.get(reverse("web-manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["short_name"]) == ("B12 Tracker", "B12")
    assert manifest["display"] == "standalone"
    assert manifest["start_url"].startswith("/")
    assert manifest["theme_color"] == "#0a58ca"
    assert manifest["background_color"]
    purposes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


def test_each_icon_is_a_png_of_the_size_the_manifest_says(client):
    manifest = json.loads(client.get(reverse("web-manifest")).content)
    for icon in manifest["icons"]:
        name = icon["src"].removeprefix("/static/")
        path = finders.find(name)
        assert path, f"{name} missing: run `node scripts/make-icons.mjs` (make does)"
        width, height = _png_size(path)
        assert f"{width}x{height}" == icon["sizes"]
    assert _png_size(finders.find("icons/apple-touch-icon.png")) == (180, 180)


@pytest.mark.django_db
def test_pages_link_the_manifest_the_touch_icon_and_the_worker(client):
    html = client.get(reverse("login")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png"' in html
    assert '<meta name="service-worker" content="/sw.js">' in html


def test_the_worker_is_javascript_at_the_root_scope_and_revalidated(client):
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_worker_precaches_static_files_and_the_offline_page_only(client):
    source = client.get("/sw.js").content.decode()
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", source).group(1))
    assert "/offline/" in precache
    assert all(url.startswith("/static/") for url in precache if url != "/offline/")
    assert "/static/css/app.css" in precache
    assert re.search(r'const CACHE = "b12-static-" \+ VERSION;', source)
    assert re.search(r'const VERSION = "[0-9a-f]{12}";', source)


def test_the_offline_page_shows_no_record_and_no_inline_script(client):
    response = client.get(reverse("offline"))
    html = response.content.decode()
    assert "No connection" in html
    assert "<script>" not in html
    assert "data-dose-queue" in html


@pytest.mark.django_db
def test_patient_pages_stay_uncached(client):
    cast = seed_cast()
    client.force_login(cast.patient_user)
    response = client.get(reverse("patient-dashboard", args=[cast.patient.pk]))
    assert "no-store" in response["Cache-Control"]
