// Doses saved with no connection, kept in IndexedDB until the server has them. Loaded by the
// service worker (importScripts) and by every page (pwa.js), so either can send them.
// A kept entry is the form exactly as submitted, one-time token included: sending it twice
// saves one dose. An entry the server answers with the form again (a warning to tick, an
// error) is marked needsAttention and handed back to the person on the log form.
(function (scope) {
  "use strict";
  const DB_NAME = "b12-offline";
  const STORE = "doses";

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function withStore(mode, work) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => { db.close(); resolve(request ? request.result : undefined); };
      transaction.onerror = () => { db.close(); reject(transaction.error); };
    });
  }

  const DoseQueue = {
    SYNC_TAG: "dose-queue",
    keep(url, fields) {
      return withStore("readwrite", (store) => store.add({ url, fields, keptAt: Date.now(), needsAttention: false }));
    },
    all() { return withStore("readonly", (store) => store.getAll()); },
    get(id) { return withStore("readonly", (store) => store.get(id)); },
    remove(id) { return withStore("readwrite", (store) => store.delete(id)); },
    clear() { return withStore("readwrite", (store) => store.clear()); },

    // "sent", "kept" (still no connection) or "attention" (the server wants a person).
    async replay(entry) {
      let response;
      try {
        response = await fetch(entry.url, {
          method: "POST", body: new URLSearchParams(entry.fields), credentials: "same-origin", redirect: "follow",
        });
      } catch (error) {
        return "kept";
      }
      if (response.ok && response.redirected) {
        await this.remove(entry.id);
        return "sent";
      }
      entry.needsAttention = true;
      await withStore("readwrite", (store) => store.put(entry));
      return "attention";
    },

    async replayAll() {
      const outcomes = [];
      for (const entry of await this.all()) {
        if (!entry.needsAttention) outcomes.push(await this.replay(entry));
      }
      return outcomes;
    },
  };
  scope.DoseQueue = DoseQueue;
})(self);
