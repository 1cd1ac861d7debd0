// One event stream for all the live tabs of this browser (a SharedWorker, started by
// static/js/live.js). A browser keeps at most six HTTP/1.1 connections to a host, so a stream
// per tab left the seventh tab of the app unable to load.
//
// Each tab sends {type: "open", id, url, endpoint} for a map stream it wants (url: the path
// and query it would have opened itself), {type: "close", id} when it no longer does, and
// {type: "bye"} as it goes away. The worker holds one EventSource on `endpoint`
// (journeys.live.shared_events) naming every wanted stream with the last event id it has
// passed on, and reopens it when the set changes. Each tab gets back {id, type: "open" |
// "change" | "error" | "gone", data, lastEventId}.
"use strict";

const wanted = []; // {port, id, url, endpoint, lastId}
let source = null;
let retryTimer = null;
let reopenTimer = null;
let backoff = 1000;

function post(sub, message) {
  try {
    sub.port.postMessage(Object.assign({ id: sub.id }, message));
  } catch (error) {
    // A tab gone without saying so: nothing to tell it.
  }
}

function reopenSoon() {
  clearTimeout(reopenTimer);
  reopenTimer = setTimeout(reopen, 30); // tabs opening together: one connection
}

function reopen() {
  clearTimeout(retryTimer);
  if (source) source.close();
  source = null;
  if (!wanted.length) return;
  const subs = wanted.slice();
  const query = new URLSearchParams();
  subs.forEach(function (sub) {
    const url = new URL(sub.url, self.location.origin);
    if (sub.lastId) url.searchParams.set("last_event_id", sub.lastId);
    query.append("s", url.pathname + url.search);
  });
  const es = new EventSource(subs[0].endpoint + "?" + query.toString(), { withCredentials: true });
  source = es;
  es.onopen = function () {
    backoff = 1000;
    subs.forEach(function (sub) { post(sub, { type: "open" }); });
  };
  subs.forEach(function (sub, n) {
    es.addEventListener("s" + n, function (event) {
      if (event.lastEventId) sub.lastId = event.lastEventId;
      post(sub, { type: "change", data: event.data, lastEventId: event.lastEventId });
    });
  });
  es.addEventListener("gone", function (event) {
    const sub = subs[Number(event.data)];
    if (sub) post(sub, { type: "gone" });
  });
  es.onerror = function () {
    // Reopen ourselves, with each stream's last id (the browser's own retry would send one
    // Last-Event-ID for them all).
    es.close();
    if (source !== es) return;
    source = null;
    subs.forEach(function (sub) { post(sub, { type: "error" }); });
    retryTimer = setTimeout(reopen, backoff);
    backoff = Math.min(backoff * 2, 30000);
  };
}

function forget(test) {
  let changed = false;
  for (let i = wanted.length - 1; i >= 0; i--) {
    if (test(wanted[i])) {
      wanted.splice(i, 1);
      changed = true;
    }
  }
  if (changed) reopenSoon();
}

self.onconnect = function (event) {
  const port = event.ports[0];
  port.onmessage = function (message) {
    const data = message.data || {};
    if (data.type === "open") {
      wanted.push({ port: port, id: data.id, url: data.url, endpoint: data.endpoint, lastId: null });
      reopenSoon();
    } else if (data.type === "close") {
      forget(function (sub) { return sub.port === port && sub.id === data.id; });
    } else if (data.type === "bye") {
      forget(function (sub) { return sub.port === port; });
    }
  };
  port.start();
};
