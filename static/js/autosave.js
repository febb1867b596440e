// Autosave of the self-evaluation report. Each textarea[data-autosave-url] is posted 800 ms after the
// applicant stops typing. Text counts as saved only once the server answered {"saved": true} for exactly
// that text; until then it is "unsaved", shown next to the item and in the page's alert.
// - A failed save (network down, a server error, a login page after the session ended) is retried with
//   backoff, 1 s, 2 s, 4 s … up to 30 s, for as long as the page is open. The status says why it failed:
//   no connection (retried at once when the browser is back online), the session ended (log in again in
//   another tab: the next retry sends the new session's CSRF token, read from its cookie), or the server.
// - A refusal (HTTP 409: the deadline passed, the dossier was submitted) is shown and not retried.
// - Leaving the page with unsaved text asks first (beforeunload); a hidden or closed tab flushes what is
//   unsaved with navigator.sendBeacon as a last chance.
(function () {
  "use strict";
  var DELAY = 800, FIRST_RETRY = 1000, LAST_RETRY = 30000;
  var pageToken = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  var areas = Array.prototype.slice.call(document.querySelectorAll("textarea[data-autosave-url]"));
  var alertBox = document.getElementById("autosave-alert");
  var messages = alertBox ? alertBox.dataset : {};  // why a save failed, in the page's language
  var states = new Map();

  function state(area) {
    if (!states.has(area)) states.set(area, {saved: area.value, inflight: false, again: false, failures: 0, timer: null, refused: false, message: ""});
    return states.get(area);
  }

  function unsaved(area) {
    var s = state(area);
    return s.inflight || area.value !== s.saved;
  }

  // A login in another tab rotates the CSRF token: read the cookie's current one for every request.
  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : pageToken;
  }

  function payload(area) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf());
    data.append("text", area.value);
    var secret = document.getElementById(area.dataset.secretInput);
    if (secret) data.append("is_trade_secret", secret.checked ? "1" : "0");
    return data;
  }

  function show(area, text, isError) {
    var el = document.getElementById(area.dataset.statusId);
    if (el) {
      el.textContent = text;
      el.classList.toggle("text-danger", !!isError);
      el.classList.toggle("fw-bold", !!isError);
    }
    if (alertBox) alertBox.hidden = !areas.some(function (a) { return state(a).failures > 0 || state(a).refused; });
  }

  function countWords(text) {
    var m = text.match(/[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+(?:[.'-][A-Za-z0-9]+)*/g);
    return m ? m.length : 0;
  }

  function schedule(area, delay) {
    var s = state(area);
    clearTimeout(s.timer);
    s.timer = setTimeout(function () { save(area); }, delay);
  }

  function failed(area, message) {
    var s = state(area);
    s.failures += 1;
    s.message = message || area.dataset.errorText;
    var wait = Math.min(FIRST_RETRY * Math.pow(2, s.failures - 1), LAST_RETRY);
    show(area, s.message + " " + area.dataset.retryText.replace("{seconds}", Math.round(wait / 1000)), true);
    schedule(area, wait);
  }

  function offline() {
    return navigator.onLine === false;
  }

  function save(area) {
    var s = state(area);
    clearTimeout(s.timer);
    if (s.inflight) { s.again = true; return; }
    var text = area.value;
    s.inflight = true;
    show(area, area.dataset.savingText, s.failures > 0);
    fetch(area.dataset.autosaveUrl, {method: "POST", body: payload(area), credentials: "same-origin",
      headers: {"X-CSRFToken": csrf(), "Accept": "application/json"}})
      .then(function (r) {
        var answer = {status: r.status, ok: r.ok && !r.redirected, redirected: r.redirected, body: {}};
        return r.json().then(function (j) { answer.body = j; return answer; },
          function () { answer.ok = false; return answer; });
      })
      .then(function (res) {
        s.inflight = false;
        if (res.ok && res.body.saved) {
          s.saved = text;
          s.failures = 0;
          s.refused = false;
          show(area, area.dataset.savedText, false);
        } else if (res.status === 409) {
          s.refused = true;  // the rules refuse it; retrying will not help
          show(area, (res.body.error || area.dataset.errorText), true);
          return;
        } else if (res.redirected || res.status === 403) {
          failed(area, messages.sessionText);  // sent to the login page, or a token of an ended session
          return;
        } else {
          failed(area);
          return;
        }
        if (s.again || area.value !== s.saved) { s.again = false; schedule(area, DELAY); }
      })
      .catch(function () { s.inflight = false; failed(area, offline() ? messages.offlineText : null); });
  }

  function typed(area) {
    var counter = document.getElementById(area.dataset.countId);
    if (counter) counter.textContent = countWords(area.value);
    var s = state(area);
    if (s.failures === 0) schedule(area, DELAY);  // while failing, the retry timer carries the newest text
    else show(area, s.message, true);
  }

  function flush() {
    areas.forEach(function (area) {
      if (!unsaved(area) || state(area).refused) return;
      if (navigator.sendBeacon) navigator.sendBeacon(area.dataset.autosaveUrl, payload(area));
    });
  }

  areas.forEach(function (area) {
    state(area);
    area.addEventListener("input", function () { typed(area); });
    var secret = document.getElementById(area.dataset.secretInput);
    if (secret) secret.addEventListener("change", function () { save(area); });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!areas.some(unsaved)) return;
    event.preventDefault();
    event.returnValue = "";  // the browser shows its own "leave the page?" question
  });
  window.addEventListener("online", function () {  // back online: retry now, not after the backoff
    areas.forEach(function (area) {
      var s = state(area);
      if (s.failures > 0 && !s.refused && !s.inflight) save(area);
    });
  });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });
  window.addEventListener("pagehide", flush);
})();
