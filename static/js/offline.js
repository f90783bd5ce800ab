// The offline app on every page (templates/base.html; the service worker is
// templates/ryhma/service-worker.js, the store static/js/offline-store.js):
// - registers the service worker, which keeps the week pages and files on the device;
// - shows the banner: no connection, the kept copy's time, how many changes wait, when the
//   last went through, and what the server did not accept;
// - on the week grid without a connection, checks the hours as the server does and keeps
//   the save on the device (IndexedDB) under its own idempotency key and the user's id;
// - with a connection, sends the user's kept saves in order through the normal save
//   endpoint; each applies once however many times it is sent.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.RyhmaStore || !window.indexedDB) { return; }

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : "";
  }
  function fill(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }
  function timeText(iso) {
    var moment = new Date(iso);
    if (isNaN(moment.getTime())) { return ""; }
    return moment.toLocaleString(document.documentElement.lang || "fi", {
      day: "numeric", month: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit"
    });
  }

  var user = meta("ryhma-user");
  var release = meta("ryhma-release");
  // Set by the service worker on a copy it served from the device: when it was taken.
  var copyTaken = document.body.getAttribute("data-offline-copy");
  var isCopy = copyTaken !== null;
  var banner = document.getElementById("offline-banner");
  var weekTexts = document.getElementById("offline-week");
  var form = weekTexts ? document.getElementById("week-form") : null;
  var table = document.getElementById("week-grid");
  var weekUrl = banner ? banner.getAttribute("data-week-url") : "";
  var state = { sending: false, allSent: false, loginNeeded: false };
  var RETRY_EVERY = 5000;  // ms between tries while saves wait or the page is a kept copy
  var RECENT_SYNC = 2 * 60 * 1000;  // ms the banner reports that the saves went through

  function offlineNow() { return isCopy || !navigator.onLine; }
  function isDirty() {
    if (!form) { return false; }
    return Array.prototype.some.call(form.querySelectorAll("input.form-control"), function (input) {
      return input.value !== input.defaultValue;
    });
  }

  // --- the service worker ----------------------------------------------------------------
  var hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.register(meta("ryhma-sw"), { scope: "/" }).catch(function () { return null; });
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    // A new release took over (and deleted the older one's copies): a page of the older
    // release reloads rather than talk to the newer server (not while the user is typing:
    // the server refuses its saves until it has reloaded).
    if (hadController && !isDirty()) { window.location.reload(); }
    hadController = true;
  });
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "refreshed") {
      document.documentElement.setAttribute("data-offline-ready", "");
    }
  });
  function refreshCopies(force) {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage({ type: "refresh", force: force }); }
    });
  }

  // --- the banner ------------------------------------------------------------------------
  function noticesName() { return "notices-u" + user; }
  function lastSentName() { return "last-sent-u" + user; }

  function render() {
    if (!banner || !user) { return Promise.resolve(); }
    return Promise.all([
      RyhmaStore.savesOf(user), RyhmaStore.getMeta(lastSentName()), RyhmaStore.getMeta(noticesName())
    ]).then(function (found) {
      var saves = found[0], last = found[1], notices = found[2] || [];
      // Saves that went through in the last minutes are reported on every page (the week
      // page reloads after sending, another tab may have sent them).
      if (last && Date.now() - new Date(last).getTime() < RECENT_SYNC) { state.allSent = true; }
      var waiting = saves.filter(function (save) { return save.status === "waiting"; });
      var failed = saves.filter(function (save) { return save.status === "failed"; });
      var offline = offlineNow();
      var data = banner.dataset;
      var parts = [];
      if (isCopy) { parts.push(fill(data.copy, { time: timeText(copyTaken) })); }
      if (waiting.length || offline) { parts.push(fill(data.waiting, { count: waiting.length })); }
      if (state.sending) {
        parts.push(data.sending);
      } else if (state.allSent && !waiting.length) {
        parts.push(data.allSent);
      }
      if (last && (waiting.length || offline || state.allSent)) {
        parts.push(fill(data.last, { time: timeText(last) }));
      }
      if (state.loginNeeded && waiting.length) { parts.push(data.login); }
      banner.querySelector(".offline-title").hidden = !offline;
      banner.querySelector(".offline-status").textContent = parts.join(" ");

      var list = banner.querySelector(".offline-problem-list");
      list.textContent = "";
      notices.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      failed.forEach(function (save) {
        var item = document.createElement("li");
        item.textContent = data.failed + " " + (save.errors || []).join(" ") + " ";
        var discard = banner.querySelector(".offline-discard-template").content.firstElementChild.cloneNode(true);
        discard.addEventListener("click", function () {
          RyhmaStore.deleteSave(save.key).then(render);
        });
        item.appendChild(discard);
        list.appendChild(item);
      });
      banner.querySelector(".offline-problems").hidden = !(notices.length || failed.length);
      banner.querySelector(".offline-dismiss").hidden = !notices.length;
      var calm = !offline && !waiting.length && !failed.length && !notices.length;
      banner.classList.toggle("alert-warning", !calm);
      banner.classList.toggle("alert-success", calm);
      banner.hidden = calm && !state.allSent;
    });
  }
  if (banner) {
    banner.querySelector(".offline-dismiss").addEventListener("click", function () {
      RyhmaStore.setMeta(noticesName(), []).then(render);
    });
  }

  // --- sending the kept saves --------------------------------------------------------------
  function addConflicts(conflicts) {
    var texts = conflicts.map(function (conflict) {
      var mine = (conflict.mine || "–") + (conflict.mine_note ? " (" + conflict.mine_note + ")" : "");
      var theirs = (conflict.theirs || "–") + (conflict.theirs_note ? " (" + conflict.theirs_note + ")" : "");
      return fill(banner.dataset.conflict, { cell: conflict.label, theirs: theirs, mine: mine });
    });
    return RyhmaStore.getMeta(noticesName()).then(function (notices) {
      return RyhmaStore.setMeta(noticesName(), (notices || []).concat(texts));
    });
  }

  // One save: "sent", "failed" (the server refused it: kept and shown), or why to stop
  // ("offline", "login", "reload", "later"); the save stays on the device unless sent.
  function send(save, csrf) {
    var body = new URLSearchParams();
    save.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.append("action", "save");
    body.append("sync_key", save.key);
    body.append("release", release);
    body.append("csrfmiddlewaretoken", csrf);
    return fetch(weekUrl, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) { return "login"; }
      return response.json().then(function (answer) {
        if (answer.status === "saved") {
          // What the banner reports first, then the save goes: a page left in between
          // (the user moves on while it sends) still tells on the next page that it went,
          // and a save not yet deleted is sent again and answered "already saved".
          return RyhmaStore.setMeta(lastSentName(), new Date().toISOString())
            .then(function () { return answer.conflicts.length ? addConflicts(answer.conflicts) : null; })
            .then(function () { return RyhmaStore.deleteSave(save.key); })
            .then(function () { return "sent"; });
        }
        if (answer.status === "invalid") {
          save.status = "failed";
          save.errors = answer.errors;
          return RyhmaStore.putSave(save).then(function () { return "failed"; });
        }
        return answer.status === "reload" ? "reload" : "later";
      });
    }, function () { return "offline"; });
  }

  function sendAll(csrf) {
    return RyhmaStore.savesOf(user).then(function (saves) {
      var waiting = saves.filter(function (save) { return save.status === "waiting"; });
      var sent = 0;
      if (!waiting.length) { return { sent: 0, outcome: "done" }; }
      state.sending = true;
      render();
      function next(index) {
        if (index >= waiting.length) { return Promise.resolve("done"); }
        return send(waiting[index], csrf).then(function (outcome) {
          if (outcome === "sent") { sent += 1; }
          if (outcome === "sent" || outcome === "failed") { return next(index + 1); }
          return outcome;
        });
      }
      return next(0).then(function (outcome) {
        state.sending = false;
        state.allSent = outcome === "done";
        state.loginNeeded = outcome === "login";
        return { sent: sent, outcome: outcome };
      });
    });
  }

  function sync() {
    // Only from a page the server just made for this user: its CSRF token is current.
    var csrf = document.querySelector('input[name="csrfmiddlewaretoken"]');
    if (!user || isCopy || !navigator.onLine || !csrf || state.sending) { return Promise.resolve(null); }
    var run = function () { return sendAll(csrf.value); };
    // One tab sends at a time (a second would only be told "already saved").
    return navigator.locks ? navigator.locks.request("ryhma-sync-" + user, run) : run();
  }

  function afterSync(result) {
    if (result && result.outcome === "reload") {
      window.location.reload();
      return;
    }
    if (result && result.sent) {
      refreshCopies(true);
      if (form && !isDirty()) {
        // Show what the server holds now; the banner says the changes went through.
        window.location.reload();
        return;
      }
    }
    render();
  }

  // --- the week grid without a connection --------------------------------------------------
  var SKIPPED = ["csrfmiddlewaretoken", "token", "action"];
  var checkBox = null;

  function weekText(name) { return weekTexts.getAttribute("data-" + name) || ""; }
  function say(kind, heading, items, extra) {
    if (!checkBox) {
      checkBox = document.createElement("div");
      checkBox.id = "offline-check";
      checkBox.setAttribute("role", "alert");
      // Beside the save buttons the user just pressed (the form's top on a short page).
      var bar = form.querySelector(".save-bar");
      if (bar) { bar.parentNode.insertBefore(checkBox, bar); } else { form.parentNode.insertBefore(checkBox, form); }
    }
    checkBox.className = "alert alert-" + kind;
    checkBox.textContent = "";
    var title = document.createElement("p");
    title.className = "mb-1";
    title.textContent = heading;
    checkBox.appendChild(title);
    if (items && items.length) {
      var list = document.createElement("ul");
      list.className = "mb-1";
      items.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      checkBox.appendChild(list);
    }
    if (extra) { checkBox.appendChild(extra); }
    checkBox.scrollIntoView({ block: "center" });
  }

  var maxHours = weekTexts ? Number(weekTexts.getAttribute("data-max-hours")) : 16;
  // The page's own number format, as the server writes its messages ("7,5 h" in Finnish).
  var separator = (table && table.getAttribute("data-decimal")) || ",";
  function hoursText(value) {
    return String(Math.round(value * 100) / 100).replace(".", separator) + "\u00a0h";
  }
  // As services.hours.forms.parse_hours: {value} (null for empty) or {error}.
  function parseHours(raw) {
    var text = String(raw || "").trim().toLowerCase().replace(/h$/, "").trim().replace(/ /g, "");
    var value;
    if (!text) { return { value: null }; }
    if (text.indexOf(":") !== -1) {
      var parts = text.split(":");
      if (parts.length !== 2 || !/^[+-]?\d*$/.test(parts[0]) || !/^\d+$/.test(parts[1])) {
        return { error: weekText("number") };
      }
      value = Number(parts[0] || 0) + Number(parts[1]) / 60;
    } else {
      text = text.replace(/,/g, ".");
      if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) { return { error: weekText("number") }; }
      value = Number(text);
    }
    if (value < 0) { return { error: weekText("negative") }; }
    if (value > maxHours) { return { error: fill(weekText("max"), { max: String(maxHours) }) }; }
    if (Math.abs(value * 4 - Math.round(value * 4)) > 1e-9) { return { error: weekText("quarter") }; }
    return { value: value };
  }

  // The server's checks of a week (services.hours.actions.week_checks.check_week) on what the form holds.
  function checkWeek(confirmed) {
    var errors = [], confirmations = [], invalid = [];
    var original = {};
    try { original = JSON.parse(form.elements.original.value || "{}"); } catch (error) { original = {}; }
    var workers = {};
    table.querySelectorAll("tbody tr[data-employment]").forEach(function (row) {
      var id = row.getAttribute("data-employment");
      var worker = workers[id] || (workers[id] = {
        contract: Number(row.getAttribute("data-contract")), name: "", total: 0, changed: false,
        days: [0, 0, 0, 0, 0, 0, 0], cells: [[], [], [], [], [], [], []]
      });
      row.querySelectorAll("td.day-col").forEach(function (cell, index) {
        var input = cell.querySelector(".hours-input");
        if (!input) {
          var shown = cell.querySelector(".cell-value");
          var kept = shown ? Number(String(shown.getAttribute("data-hours") || "").replace(",", ".")) || 0 : 0;
          worker.days[index] += kept;
          worker.total += kept;
          return;
        }
        var label = input.getAttribute("aria-label") || input.name;
        worker.name = worker.name || label.split(", ")[0];
        var note = cell.querySelector(".note-input");
        var noteText = note ? note.value.trim() : "";
        var parsed = parseHours(input.value);
        var problem = parsed.error || (noteText.length > 300 ? weekText("note-long") : "");
        if (problem) {
          errors.push(fill(weekText("cell-problem"), { cell: label, problem: problem }));
          invalid.push(input);
          return;
        }
        var before = parseHours(original[input.name] || "");
        var beforeValue = before.error ? undefined : before.value;
        var changed = parsed.value !== beforeValue ||
          Boolean(note && noteText !== String(original[note.name] || "").trim());
        if (parsed.value !== null) {
          worker.days[index] += parsed.value;
          worker.total += parsed.value;
          worker.cells[index].push({ input: input, label: label });
        }
        if (changed) {
          worker.changed = true;
          if (parsed.value === null && noteText) {
            errors.push(fill(weekText("note-needs-hours"), { cell: label }));
            invalid.push(input);
          }
        }
      });
    });
    Object.keys(workers).forEach(function (id) {
      var worker = workers[id];
      worker.days.forEach(function (total, index) {
        if (total <= maxHours) { return; }
        worker.cells[index].forEach(function (cell) {
          errors.push(fill(weekText("day-total"), {
            cell: cell.label, total: hoursText(total), max: hoursText(maxHours)
          }));
          invalid.push(cell.input);
        });
      });
      if (!confirmed && worker.changed && worker.total > worker.contract) {
        confirmations.push(fill(weekText("over-contract"), {
          worker: worker.name, total: hoursText(worker.total), contract: hoursText(worker.contract)
        }));
      }
    });
    return { errors: errors, confirmations: confirmations, invalid: invalid };
  }

  function confirmControls() {
    var wrap = document.createElement("div");
    wrap.className = "d-flex flex-wrap gap-2 align-items-center";
    var check = document.createElement("div");
    check.className = "form-check mb-0";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.className = "form-check-input";
    box.name = "confirm_over_contract";
    box.value = "1";
    box.id = "offline-confirm";
    box.setAttribute("form", "week-form");
    var label = document.createElement("label");
    label.className = "form-check-label";
    label.htmlFor = "offline-confirm";
    label.textContent = weekText("confirm-label");
    check.appendChild(box);
    check.appendChild(label);
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "btn btn-primary";
    button.name = "action";
    button.value = "save";
    button.setAttribute("form", "week-form");
    button.textContent = weekText("save");
    wrap.appendChild(check);
    wrap.appendChild(button);
    return wrap;
  }

  function markQueued(input) {
    var cell = input.closest("td");
    if (!cell) { return; }
    cell.classList.remove("unsaved");
    cell.removeAttribute("data-server-unsaved");
    cell.classList.add("queued");
    if (!cell.querySelector(".queued-mark")) {
      var mark = document.createElement("span");
      mark.className = "small d-block queued-mark";
      mark.textContent = weekText("queued-mark");
      cell.appendChild(mark);
    }
  }

  function keepOnDevice(event) {
    if (event.target !== form || !offlineNow()) { return; }
    // Not sent: the other submit handlers (services-week.js) must not think it was.
    event.preventDefault();
    event.stopImmediatePropagation();
    var action = event.submitter ? event.submitter.value : "save";
    if (action === "add_row") {
      say("warning", weekText("add-row-offline"));
      return;
    }
    form.querySelectorAll(".is-invalid").forEach(function (input) { input.classList.remove("is-invalid"); });
    var data = new FormData(form);
    var found = checkWeek(data.getAll("confirm_over_contract").indexOf("1") !== -1);
    if (found.errors.length) {
      found.invalid.forEach(function (input) { input.classList.add("is-invalid"); });
      say("danger", weekText("not-saved"), found.errors);
      return;
    }
    if (found.confirmations.length) {
      say("danger", weekText("needs-confirmation"), found.confirmations, confirmControls());
      return;
    }
    var fields = [];
    data.forEach(function (value, name) {
      if (SKIPPED.indexOf(name) === -1) { fields.push([name, String(value)]); }
    });
    var save = {
      key: window.crypto.randomUUID(),
      user: user,
      seq: Date.now(),
      made: new Date().toISOString(),
      association: form.elements.yhdistys.value,
      week: form.elements.vko.value,
      fields: fields,
      status: "waiting"
    };
    RyhmaStore.putSave(save).then(function () {
      var kept = {};
      form.querySelectorAll("input.form-control").forEach(function (input) {
        if (input.value !== input.defaultValue) {
          input.defaultValue = input.value;
          kept[input.name] = input.value;
          markQueued(input);
        }
      });
      advanceOriginal(kept);
      forgetDraft(true);
      var message = weekText("queued");
      if (action === "submit") { message += " " + weekText("submit-offline"); }
      say("info", message);
      return render();
    });
  }

  // Once a save is kept, the cells it changed count as what the next save starts from (as
  // they will be on the server when it has gone): changing a cell back is a change too.
  function advanceOriginal(values) {
    var field = form.elements.original;
    var original = {};
    try { original = JSON.parse(field.value || "{}"); } catch (error) { original = {}; }
    Object.keys(values).forEach(function (name) {
      if (/^[cn]-/.test(name)) { original[name] = values[name]; }
    });
    field.value = JSON.stringify(original);
  }

  // The user's kept saves of this week, shown in the cells they changed (the kept copy,
  // or the server's page until they are sent).
  function showKept() {
    return RyhmaStore.savesOf(user).then(function (saves) {
      var last = null;
      var shown = {};
      saves.forEach(function (save) {
        if (save.association !== form.elements.yhdistys.value || save.week !== form.elements.vko.value) { return; }
        var original = {};
        save.fields.forEach(function (pair) {
          if (pair[0] === "original") {
            try { original = JSON.parse(pair[1]); } catch (error) { original = {}; }
          }
        });
        save.fields.forEach(function (pair) {
          var name = pair[0], value = pair[1];
          if (!/^[cn]-/.test(name) || String(original[name] || "") === value) { return; }
          var input = form.elements.namedItem(name);
          if (!input || !input.classList || !input.classList.contains("form-control")) { return; }
          input.value = value;
          input.defaultValue = value;
          markQueued(input);
          shown[name] = value;
          last = input;
        });
      });
      advanceOriginal(shown);
      if (last) { last.dispatchEvent(new Event("input", { bubbles: true })); }
      forgetDraft(false);
    });
  }

  // The tab's draft of unsaved typing (services-week.js) is not needed for what is kept on
  // the device: dropped after a save kept here, and not offered when the cells show it.
  function forgetDraft(always) {
    var key = form.getAttribute("data-draft-key");
    var storage = window.sessionStorage;
    if (!key || !storage.getItem(key)) { return; }
    var draft = {};
    try { draft = JSON.parse(storage.getItem(key)) || {}; } catch (error) { draft = {}; }
    var shown = Object.keys(draft).every(function (name) {
      var input = form.elements.namedItem(name);
      return input && input.value === draft[name];
    });
    if (always || shown) {
      storage.removeItem(key);
      var bar = document.querySelector(".draft-bar");
      if (bar) { bar.hidden = true; }
    }
  }

  // --- start ----------------------------------------------------------------------------
  if (form && user && table) {
    document.addEventListener("submit", keepOnDevice, true);
    showKept();
  }
  if (user && !isCopy) {
    refreshCopies(false);
    sync().then(afterSync);
  }
  render();
  window.addEventListener("offline", render);
  // Logging out on purpose deletes the user's kept pages (waiting saves stay for their
  // next login; no one else's page shows or sends them).
  document.addEventListener("submit", function (event) {
    var logout = banner && banner.getAttribute("data-logout-url");
    if (user && logout && event.target.getAttribute("action") === logout &&
        navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "forget", user: user });
    }
  });
  function connectionBack() {
    if (isCopy) {
      // The server's page, then the kept saves are sent (typing in progress is kept first).
      if (!isDirty()) { window.location.reload(); }
      return;
    }
    sync().then(afterSync);
  }
  window.addEventListener("online", connectionBack);
  // Signal comes and goes without an "online" event (or with one while the server is still
  // out of reach): a kept copy asks the server now and then, a page with saves waiting
  // tries to send them.
  if (user) {
    window.setInterval(function () {
      if (!navigator.onLine || state.sending) { return; }
      if (isCopy) {
        var manifest = document.querySelector('link[rel="manifest"]');
        fetch(manifest ? manifest.href : "/", { cache: "no-store" })
          .then(function (response) { if (response.ok) { connectionBack(); } }, function () { return null; });
      } else {
        RyhmaStore.savesOf(user).then(function (saves) {
          if (saves.some(function (save) { return save.status === "waiting"; })) { connectionBack(); }
        });
      }
    }, RETRY_EVERY);
  }
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(function () { return false; });
  }
})();
