// The first sign-in's "Your time zone" page: suggest the zone this device is set to.
// Without JavaScript (or when the browser names a zone the list lacks) the organisation's
// default stays selected; either way the person checks it and saves.
(function () {
  "use strict";
  var select = document.getElementById("time_zone");
  var note = document.querySelector("[data-detected-zone]");
  if (!select || !window.Intl || !Intl.DateTimeFormat) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) { return; }
  var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
  if (!option) { return; }
  select.value = zone;
  if (note) {
    note.textContent = "Selected from your device’s settings: " + zone.replace(/_/g, " ") + ".";
    note.hidden = false;
  }
})();
