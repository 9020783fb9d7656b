// On every page: registers the service worker, sends doses kept on this phone when the
// connection is back, says on the page when some are waiting, and clears them at sign-out.
(function () {
  "use strict";
  const queue = window.DoseQueue;
  const worker = document.querySelector('meta[name="service-worker"]');

  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker.content, { scope: "/" }).catch(() => { /* the site works without it */ });
  }

  async function showQueue() {
    const boxes = document.querySelectorAll("[data-dose-queue]");
    if (!boxes.length) return;
    const entries = await queue.all();
    const waiting = entries.filter((entry) => !entry.needsAttention);
    const attention = entries.filter((entry) => entry.needsAttention);
    for (const box of boxes) {
      box.replaceChildren();
      if (waiting.length) {
        const line = document.createElement("p");
        line.className = "mb-1";
        line.textContent = waiting.length === 1
          ? gettext("Saved on this phone — it will be sent when you are back online.")
          : interpolate(ngettext(
            "%s dose saved on this phone — they will be sent when you are back online.",
            "%s doses saved on this phone — they will be sent when you are back online.",
            waiting.length), [waiting.length]);
        box.append(line);
      }
      for (const entry of attention) {
        const line = document.createElement("p");
        line.className = "mb-1";
        line.append(gettext("A dose saved on this phone needs you to check it before it is saved.") + " ");
        const link = document.createElement("a");
        link.href = `${entry.url}?restore=${entry.id}`;
        link.textContent = gettext("Review the dose");
        line.append(link);
        box.append(line);
      }
      box.hidden = !entries.length;
    }
  }

  async function sendKept() {
    if (navigator.onLine) await queue.replayAll();
    await showQueue();
  }

  // The log form opened from "Review the dose": put the kept values back and send them with
  // this page's fresh CSRF token, so the server answers with its warnings and the ticks.
  async function restoreKeptDose() {
    const id = Number(new URLSearchParams(location.search).get("restore"));
    const form = document.querySelector("form[data-dose-form]");
    if (!id || !form) return false;
    const entry = await queue.get(id);
    if (!entry) return false;
    for (const [name, value] of entry.fields) {
      if (name === "csrfmiddlewaretoken") continue;
      for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (field.type === "radio" || field.type === "checkbox") field.checked = field.value === value;
        else field.value = value;
      }
    }
    await queue.remove(id);
    form.action = entry.url;
    form.requestSubmit();
    return true;
  }

  if (!queue) return;
  if (document.body.dataset.signedOut !== undefined) {
    queue.clear();
    return;
  }
  // Signing out empties the queue before the request goes: the next person to use this
  // phone must not find (or send) someone else's doses.
  for (const logout of document.querySelectorAll("form[data-sign-out]")) {
    logout.addEventListener("submit", (event) => {
      event.preventDefault();
      queue.clear().finally(() => logout.submit());
    });
  }
  window.addEventListener("online", sendKept);
  restoreKeptDose().then((restored) => { if (!restored) sendKept(); });
})();
