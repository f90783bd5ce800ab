// Report job page: follows the job's progress from its JSON status, without reloading.
(function () {
  "use strict";
  var box = document.querySelector("[data-report-status-url]");
  if (!box || box.getAttribute("data-report-finished") === "1") {
    return;
  }
  var url = box.getAttribute("data-report-status-url");
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-report-status-label]");
  var failure = box.querySelector("[data-report-failure]");
  var failureText = box.querySelector("[data-report-failure-text]");
  var download = box.querySelector("[data-report-download]");
  var link = box.querySelector("[data-report-download-link]");
  var attempts = document.querySelector("[data-report-attempts]");
  var delay = 1000;

  function show(status) {
    bar.value = status.progress;
    bar.textContent = status.progress + " %";
    label.textContent = status.status_label;
    if (attempts) {
      attempts.textContent = status.attempts;
    }
    if (status.status === "failed") {
      failureText.textContent = status.failure;
      failure.hidden = false;
    }
    if (status.download_url) {
      link.href = status.download_url;
      download.hidden = false;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (!status.finished) {
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
