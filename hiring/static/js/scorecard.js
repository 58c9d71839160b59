// Scorecard drafts save themselves: to the server as the interviewer types, and to this
// browser's storage first, so a closed tab or a dropped connection loses nothing.
(function () {
  "use strict";
  var form = document.getElementById("scorecard-form");
  if (!form || !window.fetch) { return; }
  var storageKey = "hiring:scorecard:" + form.dataset.cardId;
  if (form.dataset.submitted === "true") {
    try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
    return;
  }

  var status = document.getElementById("save-status");
  var versionInput = form.querySelector('input[name="version"]');
  var timer = null;
  var saving = false;
  var dirty = false;

  function say(text, kind) {
    if (!status) { return; }
    status.textContent = text;
    status.className = "save-status" + (kind ? " save-" + kind : "");
  }

  function fields() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.name === "version" || el.type === "submit") { return; }
      if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } return; }
      data[el.name] = el.value;
    });
    return data;
  }

  function restore(data) {
    Object.keys(data).forEach(function (name) {
      var els = form.querySelectorAll('[name="' + name.replace(/"/g, "") + '"]');
      Array.prototype.forEach.call(els, function (el) {
        if (el.type === "radio") { el.checked = el.value === data[name]; } else { el.value = data[name]; }
      });
    });
  }

  function remember() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({
        version: versionInput.value, fields: fields(), unsaved: true, at: Date.now()
      }));
    } catch (e) { /* storage full or disabled: the server copy still saves */ }
  }

  function forget() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ version: versionInput.value, unsaved: false }));
    } catch (e) { /* ignore */ }
  }

  function showConflict() {
    // Let the server compare both versions: a normal submission with the stale version
    // answers with the conflict page that shows both.
    say("This scorecard was saved from somewhere else. Showing both versions…", "warning");
    var action = document.createElement("input");
    action.type = "hidden"; action.name = "action"; action.value = "save";
    form.appendChild(action);
    form.submit();
  }

  function save() {
    if (saving) { timer = setTimeout(save, 500); return; }
    saving = true;
    dirty = false;
    say("Saving…");
    var body = new FormData(form);
    // Ask for JSON: a refusal then comes back as a message, never as a redirect to a page.
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" }
    })
      .then(function (response) {
        if (response.status === 409) { return response.json().then(function (data) {
          if (data.error === "conflict") { showConflict(); } else { say(data.message || "Not saved.", "error"); }
          return null;
        }); }
        if (response.status === 400) { return response.json().then(function (data) {
          // Refused, e.g. a text over the limit: say which, keep the local copy, retry on the next edit.
          dirty = true;
          say("Not saved: " + (data.message || "check the form."), "error");
          return null;
        }); }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        saving = false;
        if (!data) { return; }
        versionInput.value = data.version;
        if (dirty) { schedule(); return; }
        forget();
        // The server names the time in the reader's zone, as every page does.
        say("All changes saved at " + data.saved + ".", "ok");
      })
      .catch(function () {
        saving = false;
        dirty = true;
        say("Offline: your notes are kept in this browser and will be saved when the connection returns.", "warning");
        timer = setTimeout(save, 5000);
      });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  function changed() {
    dirty = true;
    remember();
    say("Unsaved changes…");
    schedule();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", function () { if (dirty) { save(); } });
  window.addEventListener("beforeunload", function (event) {
    if (dirty || saving) { remember(); event.preventDefault(); event.returnValue = ""; }
  });

  // Confirm before submitting; submitting is final (later changes are amendments).
  // Until the server has the card, the local copy and the pending save stay.
  form.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-confirm-submit]") : null;
    if (!button) { return; }
    if (!window.confirm(button.dataset.confirmSubmit)) { event.preventDefault(); return; }
    clearTimeout(timer);
  });
  form.addEventListener("submit", function () { clearTimeout(timer); remember(); dirty = false; });

  // "Keep the saved version" on the conflict page: drop this browser's stale copy.
  if (/[?&]discard_local=1/.test(window.location.search)) {
    forget();
    if (window.history.replaceState) { window.history.replaceState(null, "", window.location.pathname); }
  }

  // The server refused what was posted (e.g. a text over the limit) and shows it again: the
  // page holds unsaved work, so keep this browser's copy and warn before the tab closes.
  if (form.dataset.refused === "true") {
    remember();
    dirty = true;
    say("Unsaved changes…");
    return;
  }

  // Anything typed here but never saved (tab closed, network lost) comes back.
  try {
    var kept = JSON.parse(localStorage.getItem(storageKey) || "null");
    if (kept && kept.unsaved && kept.fields && JSON.stringify(kept.fields) === JSON.stringify(fields())) {
      forget();  // the server already has exactly this (e.g. the form was posted normally)
      kept = null;
    }
    if (kept && kept.unsaved && kept.fields) {
      restore(kept.fields);
      if (String(kept.version) === String(versionInput.value)) {
        say("Restored what you typed in this browser before it was saved. Saving now…", "warning");
        dirty = true;
        save();
      } else {
        versionInput.value = kept.version;  // stale on purpose: the server shows both versions
        showConflict();
      }
    }
  } catch (e) { /* unreadable storage: ignore */ }
})();
