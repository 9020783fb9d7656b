// Django's JavaScript catalog (/jsi18n/, loaded just before) defines gettext, ngettext and
// interpolate in the page's language. Where it could not load (the offline page, a lost
// connection), the English source stands in, so no script breaks for want of a translation.
(function () {
  "use strict";
  window.gettext = window.gettext || function (text) { return text; };
  window.ngettext = window.ngettext || function (singular, plural, count) {
    return count === 1 ? singular : plural;
  };
  window.interpolate = window.interpolate || function (format, values, named) {
    if (named) {
      return format.replace(/%\(\w+\)s/g, function (match) { return String(values[match.slice(2, -2)]); });
    }
    var index = 0;
    return format.replace(/%s/g, function () { return String(values[index++]); });
  };
})();
