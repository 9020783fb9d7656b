// B12 Tracker's service worker, rendered by b12tracker/pwa.py. It caches static files and the
// offline page only (patient pages are no-store and never cached), keeps a dose form sent
// with no connection in IndexedDB (static/js/dose-queue.js), and shows push reminders.
importScripts({{ queue_script|safe }});

const VERSION = "{{ version }}";
const CACHE = "b12-static-" + VERSION;
const PRECACHE = {{ precache|safe }};
const OFFLINE_URL = {{ offline_url|safe }};
const STATIC_PREFIX = {{ static_prefix|safe }};
const DOSE_FORM = /^\/patients\/\d+\/doses\/new\/$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("b12-static-") && name !== CACHE)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

async function fromCacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

// A dose form that cannot reach the server is kept on the phone and sent later; the same
// one-time form token makes a resend harmless.
async function sendOrKeep(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    const form = await copy.formData();
    await DoseQueue.keep(new URL(request.url).pathname, Array.from(form.entries()));
    if (self.registration.sync) {
      try { await self.registration.sync.register(DoseQueue.SYNC_TAG); } catch (ignored) { /* replayed on the next load */ }
    }
    return (await caches.match(OFFLINE_URL)) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && request.mode === "navigate" && DOSE_FORM.test(url.pathname)) {
    event.respondWith(sendOrKeep(request));
  } else if (request.method !== "GET") {
    return;
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(fromCacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === DoseQueue.SYNC_TAG) event.waitUntil(DoseQueue.replayAll());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "replay-doses") event.waitUntil(DoseQueue.replayAll());
});

self.addEventListener("push", (event) => {
  let reminder = {};
  try { reminder = event.data ? event.data.json() : {}; } catch (ignored) { /* shown with the default text */ }
  const title = reminder.title || "B12 Tracker";
  event.waitUntil(self.registration.showNotification(title, {
    body: reminder.body || "You have a reminder",
    tag: reminder.tag,
    icon: {{ icon|safe }},
    data: { links: reminder.links || {} },
    actions: reminder.actions || [],
  }));
});

function openPage(url) {
  return self.clients.openWindow(url || "/");
}

// "Taken" and "Snooze" act without opening the app; the server answers with what it did,
// or with a page to open (a warning to confirm, a used link, a sign-in).
async function act(url, tag) {
  let response;
  try {
    response = await fetch(url, { method: "POST", credentials: "same-origin", headers: { Accept: "application/json" } });
  } catch (error) {
    return openPage(url);
  }
  const type = response.headers.get("Content-Type") || "";
  if (!type.startsWith("application/json")) return openPage(response.url || url);
  const outcome = await response.json();
  if (outcome.open) return openPage(outcome.open);
  return self.registration.showNotification("B12 Tracker", { body: outcome.message, tag: tag });
}

// A tap on the notification (no action: open) or on one of its buttons.
function answerTap(notification, action) {
  const links = (notification.data && notification.data.links) || {};
  notification.close();
  if ((action === "taken" || action === "snooze") && links[action]) return act(links[action], notification.tag);
  return openPage(links.open);
}

self.addEventListener("notificationclick", (event) => {
  event.waitUntil(answerTap(event.notification, event.action));
});
