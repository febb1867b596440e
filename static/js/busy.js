// Feedback for what takes a while, so that nothing keeps a person waiting without a sign. Kept out of the
// templates: the Content-Security-Policy allows no inline script.
// - form[data-busy]: once submitted, its submit button shows a spinner and the text of data-busy, and is
//   marked busy (aria-busy, aria-disabled); a second submit is ignored until the page answers.
// - a[data-busy-download]: the file (a PDF or .xlsx made on request) is fetched while the link shows a
//   spinner and is marked busy, then saved under the name the server gives. Whatever cannot be fetched so
//   (a redirect to a file store, an error page) is opened by following the link, as without this script.
// - [data-poll-url]: a JSON status, read by GET every few seconds, more slowly as time passes; its
//   "message" replaces the text of [data-poll-message], and once "ready" the [data-poll-ready] child is
//   shown and the spinner removed.
(function () {
  "use strict";

  function spinner(label) {
    var wrap = document.createElement("span");
    wrap.className = "busy-spinner";
    var circle = document.createElement("span");
    circle.className = "spinner-border spinner-border-sm me-1";
    circle.setAttribute("aria-hidden", "true");
    wrap.appendChild(circle);
    if (label) {
      var text = document.createElement("span");
      text.className = "busy-text";
      text.textContent = label + " ";
      wrap.appendChild(text);
    }
    return wrap;
  }

  function setBusy(element, label) {
    if (element.getAttribute("aria-busy") === "true") return false;
    element.setAttribute("aria-busy", "true");
    element.setAttribute("aria-disabled", "true");
    element.classList.add("is-busy");
    element.insertBefore(spinner(label), element.firstChild);
    return true;
  }

  function clearBusy(element) {
    element.removeAttribute("aria-busy");
    element.removeAttribute("aria-disabled");
    element.classList.remove("is-busy");
    Array.prototype.forEach.call(element.querySelectorAll(".busy-spinner"), function (s) { s.remove(); });
  }

  // Forms ----------------------------------------------------------------------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-busy]")) return;
    if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
    form.setAttribute("aria-busy", "true");
    var button = event.submitter || form.querySelector("[type=submit]");
    // Not disabled: a disabled button would drop its own name and value from what is submitted.
    if (button) setBusy(button, form.dataset.busy);
  });
  // A page brought back by the browser's back button shows its forms ready again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    Array.prototype.forEach.call(document.querySelectorAll("form[data-busy][aria-busy]"), function (form) {
      form.removeAttribute("aria-busy");
      Array.prototype.forEach.call(form.querySelectorAll(".is-busy"), clearBusy);
    });
  });

  // Downloads made on request ---------------------------------------------------------------------
  function filenameOf(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (encoded) {
      try { return decodeURIComponent(encoded[1]); } catch (error) { /* fall through */ }
    }
    var plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-busy-download]");
    if (!link || !window.fetch || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    if (!setBusy(link, link.dataset.busyDownload)) return;  // already on its way
    var href = link.href;
    fetch(href, {credentials: "same-origin", redirect: "manual"})
      .then(function (response) {
        var disposition = response.headers.get("Content-Disposition") || "";
        if (!response.ok || disposition.indexOf("attachment") === -1) throw new Error("not a download");
        var name = filenameOf(response, href.split("/").pop());
        return response.blob().then(function (blob) { save(blob, name); });
      })
      .catch(function () { window.location.assign(href); })
      .then(function () { clearBusy(link); });
  });

  // Statuses of work done in the background ------------------------------------------------------
  function poll(element) {
    var started = Date.now();
    var message = element.querySelector("[data-poll-message]");
    function next() {
      var waited = Date.now() - started;
      setTimeout(check, waited < 30000 ? 2000 : (waited < 300000 ? 5000 : 15000));
    }
    function check() {
      fetch(element.dataset.pollUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) {
          if (response.status === 403 || response.status === 404) return null;  // nothing to wait for
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(function (status) {
          if (status === null) return;
          if (message && status.message) message.textContent = status.message;
          element.dataset.pollState = status.state;
          if (status.ready) {
            element.removeAttribute("aria-busy");
            Array.prototype.forEach.call(element.querySelectorAll("[data-poll-spinner]"), function (s) { s.remove(); });
            Array.prototype.forEach.call(element.querySelectorAll("[data-poll-ready]"), function (ready) { ready.hidden = false; });
            return;
          }
          next();
        })
        .catch(next);  // a failed read is tried again, the work goes on regardless
    }
    next();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-poll-url]"), poll);
})();
