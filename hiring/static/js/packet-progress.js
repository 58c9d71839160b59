// A finalists' packet on its way: ask the server how far it is every few seconds, move the
// bar, say it (the sentence is aria-live), and show the download link once it is ready.
// A failed build (or one its reader may no longer download) reloads the page, which offers
// to build it again. Without JavaScript the page
// has a "Check again" link instead.
(function () {
  "use strict";
  var box = document.getElementById("packet-progress");
  if (!box || !window.fetch) { return; }
  var bar = document.getElementById("packet-bar");
  var text = document.getElementById("packet-text");
  var download = document.getElementById("packet-download");
  var wait = document.getElementById("packet-wait");
  var heading = document.getElementById("progress-heading");
  var delay = 1500;

  function show(state) {
    if (state.total !== null) {
      bar.max = Math.max(state.total, 1);
      bar.value = state.done;
    }
    if (text.textContent !== state.text) { text.textContent = state.text; }
    if (state.status === "ready" && !state.download) {
      window.location.reload(); // ready, but no longer downloadable: the page says why
      return true;
    }
    if (state.status === "ready") {
      heading.textContent = "Your packet is ready";
      download.querySelector("a").href = state.download;
      download.hidden = false;
      if (wait) { wait.hidden = true; }
      return true;
    }
    if (state.status === "failed") {
      window.location.reload();
      return true;
    }
    return false;
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (state) {
        if (!show(state)) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        // The server is busy or restarting: wait longer, keep the page as it is.
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
}());
