// Shows a <time data-local-time> (rendered in UTC, for pages that know no patient's zone)
// in this device's time zone, named: "14:05 (Europe/London time)".
(function () {
  "use strict";
  document.querySelectorAll("time[data-local-time]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime())) {
      return;
    }
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var clock = moment.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
    // Translators: a clock time and the device's time zone, e.g. "14:05 (Europe/London time)".
    element.textContent = interpolate(gettext("%(clock)s (%(zone)s time)"),
      { clock: clock, zone: zone.replace(/_/g, " ") }, true);
  });
})();
