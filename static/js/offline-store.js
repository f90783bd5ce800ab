// The device's offline store (IndexedDB), shared by the pages and the service worker.
// "saves": week saves waiting to be sent, each under its own idempotency key and with the
// id of the user who made it (only that user's pages show or send it). "meta": small values
// (the device's current user, when the last save went through, notices to show).
(function (global) {
  "use strict";
  var NAME = "ryhma-offline";
  var VERSION = 1;

  function open() {
    return new Promise(function (resolve, reject) {
      var opening = global.indexedDB.open(NAME, VERSION);
      opening.onupgradeneeded = function () {
        var db = opening.result;
        if (!db.objectStoreNames.contains("saves")) {
          db.createObjectStore("saves", { keyPath: "key" }).createIndex("user", "user");
        }
        if (!db.objectStoreNames.contains("meta")) {
          db.createObjectStore("meta", { keyPath: "name" });
        }
      };
      opening.onsuccess = function () { resolve(opening.result); };
      opening.onerror = function () { reject(opening.error); };
    });
  }

  // One request in its own transaction; resolves once the transaction is durable.
  function run(storeName, mode, make) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(storeName, mode);
        var request = make(transaction.objectStore(storeName));
        var result;
        request.onsuccess = function () { result = request.result; };
        transaction.oncomplete = function () { db.close(); resolve(result); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  global.RyhmaStore = {
    getMeta: function (name) {
      return run("meta", "readonly", function (store) { return store.get(name); })
        .then(function (row) { return row ? row.value : null; });
    },
    setMeta: function (name, value) {
      return run("meta", "readwrite", function (store) { return store.put({ name: name, value: value }); });
    },
    putSave: function (save) {
      return run("saves", "readwrite", function (store) { return store.put(save); });
    },
    deleteSave: function (key) {
      return run("saves", "readwrite", function (store) { return store.delete(key); });
    },
    // The user's saves in the order they were made.
    savesOf: function (user) {
      return run("saves", "readonly", function (store) { return store.index("user").getAll(String(user)); })
        .then(function (saves) { return saves.sort(function (a, b) { return a.seq - b.seq; }); });
    }
  };
})(self);
