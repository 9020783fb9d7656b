// Proposes this device's time zone in an empty time-zone select and says so, so the person
// confirms it (by saving) rather than living with the first zone of the list.
(function () {
  "use strict";
  document.querySelectorAll("select[data-detect-timezone]").forEach(function (select) {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    if (select.value || !zone || !select.querySelector('option[value="' + zone + '"]')) {
      return;
    }
    select.value = zone;
    var note = document.createElement("div");
    note.className = "form-text timezone-detected";
    note.id = select.id + "-detected";
    note.textContent = interpolate(
      gettext("Detected from this device: %s. Change it if the patient lives in another zone."),
      [zone.replace(/_/g, " ")]);
    select.insertAdjacentElement("afterend", note);
    var ids = (select.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    ids.push(note.id);
    select.setAttribute("aria-describedby", ids.join(" "));
  });
})();

// The Today checklist shows the record's zone; if this device is in another, it says so.
(function () {
  "use strict";
  document.querySelectorAll("[data-timezone-check]").forEach(function (note) {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    var saved = note.getAttribute("data-timezone-check");
    if (!zone || zone === saved) {
      return;
    }
    note.textContent = "This device is set to " + zone.replace(/_/g, " ") +
      ". If the patient lives there now, change the time zone.";
    note.hidden = false;
  });
})();
