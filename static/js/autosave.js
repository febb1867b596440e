// Autosave of the self-evaluation report: each textarea[data-autosave-url] is posted 800 ms after the
// applicant stops typing, and flushed with navigator.sendBeacon when the tab is hidden or closed.
(function () {
  "use strict";
  var DELAY = 800;
  var csrf = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  var pending = new Map();

  function payload(area) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    data.append("text", area.value);
    var secret = document.getElementById(area.dataset.secretInput);
    if (secret) data.append("is_trade_secret", secret.checked ? "1" : "0");
    return data;
  }

  function status(area, text, isError) {
    var el = document.getElementById(area.dataset.statusId);
    if (el) { el.textContent = text; el.classList.toggle("text-danger", !!isError); }
  }

  function countWords(text) {
    var m = text.match(/[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+(?:[.'-][A-Za-z0-9]+)*/g);
    return m ? m.length : 0;
  }

  function save(area) {
    clearTimeout(pending.get(area));
    pending.delete(area);
    area.dataset.dirty = "";
    status(area, area.dataset.savingText);
    return fetch(area.dataset.autosaveUrl, {method: "POST", body: payload(area), credentials: "same-origin",
      headers: {"X-CSRFToken": csrf}})
      .then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); })
      .then(function (res) {
        if (res[0] && res[1].saved) status(area, area.dataset.savedText);
        else { status(area, res[1].error || area.dataset.errorText, true); area.dataset.dirty = "1"; }
      })
      .catch(function () { area.dataset.dirty = "1"; status(area, area.dataset.errorText, true); });
  }

  function schedule(area) {
    area.dataset.dirty = "1";
    var counter = document.getElementById(area.dataset.countId);
    if (counter) counter.textContent = countWords(area.value);
    clearTimeout(pending.get(area));
    pending.set(area, setTimeout(function () { save(area); }, DELAY));
  }

  function flush() {
    document.querySelectorAll("textarea[data-autosave-url]").forEach(function (area) {
      if (area.dataset.dirty !== "1") return;
      clearTimeout(pending.get(area));
      pending.delete(area);
      if (navigator.sendBeacon && navigator.sendBeacon(area.dataset.autosaveUrl, payload(area))) {
        area.dataset.dirty = "";
      }
    });
  }

  document.querySelectorAll("textarea[data-autosave-url]").forEach(function (area) {
    area.addEventListener("input", function () { schedule(area); });
    var secret = document.getElementById(area.dataset.secretInput);
    if (secret) secret.addEventListener("change", function () { save(area); });
  });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });
  window.addEventListener("pagehide", flush);
  window.addEventListener("beforeunload", flush);
})();
