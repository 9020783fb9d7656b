// "Turn on notifications on this device": asks the browser for a push subscription with our
// VAPID public key and hands it to the server (reminders/devices.py).
(function () {
  "use strict";
  const button = document.querySelector("[data-push-subscribe]");
  if (!button) return;
  const status = document.querySelector("[data-push-status]");

  function say(text) { status.textContent = text; }

  function keyBytes(base64url) {
    const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  function deviceName() {
    const agent = navigator.userAgent;
    const system = /iPhone|iPad/.test(agent) ? gettext("iPhone or iPad") : /Android/.test(agent) ? "Android"
      : /Mac OS X/.test(agent) ? "Mac" : /Windows/.test(agent) ? "Windows" : /Linux/.test(agent) ? "Linux" : gettext("device");
    const browser = /Edg\//.test(agent) ? "Edge" : /Firefox\//.test(agent) ? "Firefox"
      : /Chrome\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : gettext("browser");
    // Translators: the name a push device is listed under, e.g. "Firefox on Android".
    return interpolate(gettext("%(browser)s on %(system)s"), { browser: browser, system: system }, true);
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    button.disabled = true;
    say(gettext("This browser cannot show push notifications. On an iPhone, open B12 Tracker from the Home Screen."));
    return;
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      if (await Notification.requestPermission() !== "granted") {
        say(gettext("Notifications are blocked for this site: allow them in the browser's settings, then try again."));
        return;
      }
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: keyBytes(button.dataset.key),
      });
      const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
      const response = await fetch(button.dataset.url, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ ...subscription.toJSON(), device_name: deviceName() }),
      });
      if (!response.ok) throw new Error(interpolate(gettext("the server answered %s"), [response.status]));
      location.reload();
    } catch (error) {
      say(interpolate(gettext("Notifications could not be turned on: %s"), [error.message]));
    } finally {
      button.disabled = false;
    }
  });
})();
