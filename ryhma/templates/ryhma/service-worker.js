{% load static %}/* Ryhmä's service worker, release {{ release }} (served by ryhma.offline at the root).

   Keeps on the device what village staff need for their week grid without a connection:
   the static files, and each user's copies of the week pages (the current and previous week
   of each of their associations, and every week page they open). Pages always come from the
   network first; a kept copy only when there is no connection, marked with the time it was
   taken. Caches are named by the release, and a new release deletes the older ones. */
"use strict";
importScripts("{% static 'js/offline-store.js' %}");

var RELEASE = "{{ release }}";
var PREFIX = "ryhma-" + RELEASE + "-";
var STATIC_CACHE = PREFIX + "static";
var STATIC_URL = "{% get_static_prefix %}";
var OFFLINE_URL = "{% url 'offline' %}";
var WEEK_URL = "{% url 'services:week' %}";
var PAGES_URL = "{% url 'services:offline_pages' %}";
var STATIC_FILES = [
  "{% static 'vendor/bootstrap/css/bootstrap.min.css' %}",
  "{% static 'vendor/bootstrap-icons/bootstrap-icons.min.css' %}",
  "{% static 'vendor/bootstrap-icons/fonts/bootstrap-icons.woff2' %}",
  "{% static 'vendor/bootstrap-icons/fonts/bootstrap-icons.woff' %}",
  "{% static 'vendor/bootstrap/js/bootstrap.bundle.min.js' %}",
  "{% static 'css/ryhma.css' %}",
  "{% static 'css/services.css' %}",
  "{% static 'js/services-week.js' %}",
  "{% static 'js/offline-store.js' %}",
  "{% static 'js/offline.js' %}",
  "{% static 'icons/ryhma-192.png' %}",
  OFFLINE_URL
];
// The kept copies are refreshed at most this often when pages ask (and after every sync).
var REFRESH_EVERY = 10 * 60 * 1000;
// Written by templates/base.html on every page: whose page it is ("" when logged out).
var USER_META = /<meta name="ryhma-user" content="(\d*)">/;
// Static files whose name carries their content's hash never change under that name.
var HASHED = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;

function pagesCache(user) { return PREFIX + "pages-u" + user; }

// One key per page whatever the order of its query string.
function pageKey(address) {
  var url = new URL(address, self.location.origin);
  var params = Array.from(url.searchParams.entries()).sort(function (a, b) {
    return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  });
  var query = new URLSearchParams(params).toString();
  return url.origin + url.pathname + (query ? "?" + query : "");
}

function isWeekPage(address) {
  return new URL(address, self.location.origin).pathname === WEEK_URL;
}

// A page the network gave: note whose it is (the device's user is whoever the server
// answered for), and keep a copy of a week page in that user's own cache. When someone
// else has logged in on the device, the previous user's copies are deleted (their saves
// waiting in IndexedDB stay for their next login, and only their pages show them).
function keepPage(response, address) {
  return response.text().then(function (text) {
    var match = USER_META.exec(text);
    if (!match) { return null; }
    var user = match[1];
    return RyhmaStore.setMeta("user", user).then(function () {
      if (!user) { return null; }
      return forgetOthers(user).then(function () {
        if (!isWeekPage(address)) { return null; }
        var headers = new Headers(response.headers);
        headers.set("X-Ryhma-Copy-Taken", new Date().toISOString());
        return caches.open(pagesCache(user)).then(function (cache) {
          return cache.put(pageKey(address), new Response(text, { status: 200, headers: headers }));
        });
      });
    });
  });
}

function forgetOthers(user) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX + "pages-u") === 0 && name !== pagesCache(user);
    }).map(function (name) { return caches.delete(name); }));
  });
}

function keptPage(address) {
  return RyhmaStore.getMeta("user").then(function (user) {
    if (!user) { return null; }
    var url = new URL(address);
    var key = pageKey(url.pathname === "/" ? WEEK_URL : address);
    return caches.open(pagesCache(user)).then(function (cache) { return cache.match(key); });
  }).then(function (kept) {
    if (!kept) { return null; }
    return kept.text().then(function (text) {
      var taken = kept.headers.get("X-Ryhma-Copy-Taken") || "";
      // The page's script shows the banner with the copy's time from this attribute.
      text = text.replace("<body>", '<body data-offline-copy="' + taken + '">');
      return new Response(text, { status: 200, headers: kept.headers });
    });
  });
}

function navigate(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    var type = response.headers.get("Content-Type") || "";
    if (response.ok && response.type === "basic" && type.indexOf("text/html") === 0) {
      event.waitUntil(keepPage(response.clone(), request.url));
    }
    return response;
  }, function () {
    return keptPage(request.url).then(function (kept) {
      return kept || caches.match(OFFLINE_URL, { cacheName: STATIC_CACHE }).then(function (page) {
        return page || Response.error();
      });
    });
  });
}

function staticFile(request) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    var hashed = HASHED.test(new URL(request.url).pathname);
    return (hashed ? cache.match(request) : Promise.resolve(null)).then(function (kept) {
      if (kept) { return kept; }
      return fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      }, function (error) {
        return cache.match(request, { ignoreSearch: true }).then(function (fallback) {
          if (fallback) { return fallback; }
          throw error;
        });
      });
    });
  });
}

// The week pages the server lists for the user whose session this is, fetched and kept
// (at most every REFRESH_EVERY unless `force`).
function refreshPages(force) {
  return dropOlderReleases().then(function () {
    return RyhmaStore.getMeta("user");
  }).then(function (known) {
    if (force || !known) { return fetchPages(force); }
    return RyhmaStore.getMeta("refreshed-u" + known).then(function (last) {
      return last && Date.now() - last < REFRESH_EVERY ? null : fetchPages(force);
    });
  }).catch(function () { return null; });
}

function fetchPages(force) {
  var headers = { Accept: "application/json" };
  return fetch(PAGES_URL, { credentials: "same-origin", headers: headers }).then(function (answer) {
    var type = answer.headers.get("Content-Type") || "";
    if (!answer.ok || answer.redirected || type.indexOf("application/json") !== 0) { return null; }
    return answer.json().then(function (data) {
      var user = String(data.user);
      var stamp = "refreshed-u" + user;
      return RyhmaStore.setMeta("user", user)
        .then(function () { return forgetOthers(user); })
        .then(function () { return RyhmaStore.getMeta(stamp); })
        .then(function (last) {
          if (!force && last && Date.now() - last < REFRESH_EVERY) { return null; }
          return data.pages.reduce(function (done, address) {
            return done.then(function () {
              return fetch(address, { credentials: "same-origin" }).then(function (response) {
                if (response.ok && !response.redirected) { return keepPage(response, address); }
                return null;
              });
            });
          }, Promise.resolve()).then(function () { return RyhmaStore.setMeta(stamp, Date.now()); });
        });
    });
  }).catch(function () { return null; });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(STATIC_FILES); })
      .then(function () { return self.skipWaiting(); })
  );
});

// The caches of older releases. An older release's worker that was still keeping a page
// when this one took over can write its cache again after `activate` deleted it, so every
// refresh deletes them too.
function dropOlderReleases() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("ryhma-") === 0 && name.indexOf(PREFIX) !== 0;
    }).map(function (name) { return caches.delete(name); }));
  });
}

// A new release takes over at once and deletes the caches of older ones: their pages
// are never served again (open pages of an older release reload, see static/js/offline.js).
self.addEventListener("activate", function (event) {
  event.waitUntil(dropOlderReleases().then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
  } else if (url.pathname.indexOf(STATIC_URL) === 0) {
    event.respondWith(staticFile(request));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "refresh") {
    event.waitUntil(refreshPages(Boolean(data.force)).then(function () {
      if (event.source) { event.source.postMessage({ type: "refreshed" }); }
    }));
  } else if (data.type === "forget") {
    // Logged out on purpose: the user's copies go; their waiting saves stay in IndexedDB.
    event.waitUntil(caches.delete(pagesCache(String(data.user))).then(function () {
      return RyhmaStore.setMeta("user", "");
    }));
  } else if (data.type === "release" && event.source) {
    event.source.postMessage({ type: "release", release: RELEASE });
  }
});
