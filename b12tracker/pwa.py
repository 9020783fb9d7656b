"""The installable app: the web app manifest, the service worker and the offline page.

The service worker is served by Django at /sw.js (not from /static/) because a worker's scope
is limited to its own path: only at the root may it answer for every page. It caches static
files and the offline page, nothing else: patient pages are `no-store` and stay uncached.
"""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control

THEME_COLOUR = "#0a58ca"
BACKGROUND_COLOUR = "#ffffff"
ICONS = [
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
]
# What a phone needs to draw the offline page and the queued-dose message with no network.
PRECACHED_STATIC = [
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/css/bootstrap.rtl.min.css",  # right to left (_bootstrap_stylesheet.html)
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "css/app.css",
    "js/pwa.js",
    "js/i18n-fallback.js",
    "js/dose-queue.js",
    "img/favicon.svg",
    *(name for name, _, _ in ICONS),
]


def manifest(request):
    body = {
        "name": "B12 Tracker",
        "short_name": "B12",
        "description": "Log vitamin B12 injections, get reminders, share with your care team.",
        "id": "/",
        "start_url": "/?source=home-screen",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(name), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for name, sizes, purpose in ICONS
        ],
    }
    return JsonResponse(body, content_type="application/manifest+json")


@cache
def static_version() -> str:
    """A digest of the precached files' URLs and contents: any change of a static file the
    worker caches (or of the worker itself) gives a new worker and a fresh cache."""
    digest = hashlib.sha256(get_template("pwa/sw.js").template.source.encode())
    for name in PRECACHED_STATIC:
        digest.update(static(name).encode())
        path = finders.find(name)
        if path:
            with open(path, "rb") as source:
                digest.update(source.read())
    return digest.hexdigest()[:12]


# Browsers check for a new worker on every navigation; no-cache keeps that check honest.
@cache_control(no_cache=True)
def service_worker(request):
    context = {
        "version": static_version(),
        "precache": json.dumps([static(name) for name in PRECACHED_STATIC] + [reverse("offline")]),
        "offline_url": json.dumps(reverse("offline")),
        "static_prefix": json.dumps(settings.STATIC_URL if settings.STATIC_URL.startswith("/")
                                    else "/" + settings.STATIC_URL),
        "queue_script": json.dumps(static("js/dose-queue.js")),
        "icon": json.dumps(static("icons/icon-192.png")),
    }
    response = HttpResponse(
        get_template("pwa/sw.js").render(context), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    return response


def offline(request):
    """Shown by the worker when a page cannot be reached; also reads the dose queue."""
    return render(request, "pwa/offline.html")
