// coffeechat: the chat page (/contacts/{id}/chat). Built for a phone held during the
// coffee: a timer with the cue of the moment, and notes saved as they are typed.
//
// Every keystroke is first kept in localStorage (keyed by contact and topic, with a
// pending flag), so a closed tab, a dead battery or a dropped connection loses nothing;
// ~500 ms after the last keystroke the topic's whole text is sent (PUT: it replaces the
// note, so sending twice is harmless). Pending text is sent again when the page opens,
// when the connection comes back, on a retry timer, and (keepalive) when the page hides.
(function () {
  "use strict";

  var DEBOUNCE_MS = 500;
  var RETRY_MS = 5000;
  var bar = document.getElementById("chatbar");
  var form = document.getElementById("notes");
  if (!bar || !form) {
    return;
  }
  var contact = form.getAttribute("data-contact");
  var api = form.getAttribute("data-api");
  var statusLine = document.getElementById("save-status");
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.content : "";

  bar.hidden = false;
  document.documentElement.classList.add("chat-js");
  var nojs = form.querySelector(".nojs-save");
  if (nojs) {
    nojs.hidden = true; // every keystroke is saved: no button needed
  }

  // --- storage ---------------------------------------------------------------------
  function storageKey(topic) {
    return "coffeechat:note:" + contact + ":" + topic;
  }
  function kept(topic) {
    try {
      var raw = window.localStorage.getItem(storageKey(topic));
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }
  function keep(topic, text) {
    try {
      window.localStorage.setItem(
        storageKey(topic),
        JSON.stringify({ text: text, pending: true, at: Date.now() })
      );
    } catch (e) {
      // storage full or refused: the text is still sent as usual
    }
  }
  function forget(topic, text) {
    var entry = kept(topic);
    if (entry && entry.text === text) {
      window.localStorage.removeItem(storageKey(topic));
    }
  }

  // --- the status line ---------------------------------------------------------------
  var failure = "";
  function show(state, words) {
    statusLine.setAttribute("data-state", state);
    statusLine.textContent = words;
  }
  function anyPending() {
    return fields.some(function (f) {
      var e = kept(f.getAttribute("data-topic"));
      return e && e.pending;
    });
  }
  function refresh() {
    if (inflight > 0) {
      show("saving", "Saving…");
    } else if (!anyPending()) {
      show("saved", "Saved");
    } else if (!navigator.onLine || failure === "offline") {
      show("offline", "Offline — kept on this phone, will send when back");
    } else if (failure) {
      show("error", failure + " Kept on this phone; will try again.");
    } else {
      show("saving", "Saving…");
    }
  }

  // --- sending -------------------------------------------------------------------------
  var inflight = 0;
  var timers = {};
  var fields = Array.prototype.slice.call(form.querySelectorAll("textarea[data-topic]"));

  // one request at a time: an older text never lands after a newer one, and the first
  // note of a contact with no conversation yet starts exactly one
  var again = false;
  function send(topic, keepalive) {
    var entry = kept(topic);
    if (!entry || !entry.pending) {
      return;
    }
    if (inflight > 0 && !keepalive) {
      again = true;
      return;
    }
    if (!navigator.onLine) {
      failure = "offline";
      refresh();
      return;
    }
    inflight += 1;
    refresh();
    fetch(api + encodeURIComponent(topic), {
      method: "PUT",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ text: entry.text }),
    })
      .then(function (response) {
        if (response.ok) {
          failure = "";
          forget(topic, entry.text);
          return;
        }
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            var said = body && body.error && body.error.message;
            if (response.status === 401 || response.status === 403) {
              failure = "Not saved: sign in again (your text is safe here).";
            } else {
              failure = "Not saved: " + (said || "the server said " + response.status) + ".";
            }
          });
      })
      .catch(function () {
        failure = "offline";
      })
      .then(function () {
        inflight -= 1;
        if (again && inflight === 0 && !failure) {
          again = false;
          flush(false); // what was typed meanwhile
        }
        refresh();
      });
  }

  function flush(keepalive) {
    fields.forEach(function (f) {
      var topic = f.getAttribute("data-topic");
      if (timers[topic]) {
        clearTimeout(timers[topic]);
        timers[topic] = null;
      }
      send(topic, keepalive);
    });
  }

  fields.forEach(function (field) {
    var topic = field.getAttribute("data-topic");
    // on load: a text typed here and not sent yet wins over an older one on the server
    var entry = kept(topic);
    var serverAt = parseInt(field.getAttribute("data-updated") || "0", 10);
    if (entry && entry.pending && entry.at > serverAt) {
      field.value = entry.text;
    } else if (entry) {
      window.localStorage.removeItem(storageKey(topic));
    }
    field.addEventListener("input", function () {
      keep(topic, field.value);
      refresh();
      if (timers[topic]) {
        clearTimeout(timers[topic]);
      }
      timers[topic] = setTimeout(function () {
        timers[topic] = null;
        send(topic, false);
      }, DEBOUNCE_MS);
    });
  });

  window.addEventListener("online", function () {
    failure = "";
    flush(false);
  });
  window.addEventListener("offline", function () {
    failure = "offline";
    refresh();
  });
  window.addEventListener("pagehide", function () {
    flush(true);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      flush(true);
    }
  });
  setInterval(function () {
    if (anyPending() && inflight === 0 && navigator.onLine) {
      flush(false);
    }
  }, RETRY_MS);
  flush(false);
  refresh();

  // --- the timer -----------------------------------------------------------------------
  var timerKey = "coffeechat:timer:" + contact;
  var elapsedOut = document.getElementById("elapsed");
  var cueOut = document.getElementById("cue");
  var toggle = document.getElementById("timer-toggle");
  var reset = document.getElementById("timer-reset");
  var length = parseInt(bar.getAttribute("data-minutes") || "0", 10) || 0;
  var opening = parseInt(bar.getAttribute("data-opening") || "0", 10) || 0;
  var cueAt = bar.getAttribute("data-cue") === "" ? null : parseInt(bar.getAttribute("data-cue"), 10);
  var topics = Array.prototype.slice.call(form.querySelectorAll(".topic"));
  var planned = topics.filter(function (t) {
    return !t.hasAttribute("data-left-out");
  });

  function clock() {
    try {
      var c = JSON.parse(window.localStorage.getItem(timerKey) || "null");
      if (c && typeof c.elapsed === "number") {
        return c;
      }
    } catch (e) {
      // a damaged entry: start again
    }
    return { elapsed: 0, since: null };
  }
  function save(c) {
    try {
      window.localStorage.setItem(timerKey, JSON.stringify(c));
    } catch (e) {
      // the timer goes on in the page
    }
  }
  function elapsedMs(c) {
    return c.elapsed + (c.since ? Date.now() - c.since : 0);
  }
  function mmss(ms) {
    var s = Math.floor(ms / 1000);
    var m = Math.floor(s / 60);
    s = s % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function questionOf(t) {
    var label = t.querySelector("label");
    return label ? label.textContent.replace(/\s+/g, " ").trim() : "";
  }
  function cueFor(minute, running, started) {
    if (!started) {
      return { text: "Press Start when the chat begins.", topic: null };
    }
    if (minute < opening) {
      return { text: "Opening: thank them for their time, a little small talk.", topic: planned[0] || null };
    }
    var now = null;
    planned.forEach(function (t) {
      var start = parseInt(t.getAttribute("data-start"), 10);
      var len = parseInt(t.getAttribute("data-length"), 10);
      if (minute >= start && minute < start + len) {
        now = t;
      }
    });
    if (length && minute >= length) {
      return { text: "Time is up: thank them and agree on the next step.", topic: null };
    }
    var prefix = running ? "" : "Paused. ";
    if (cueAt !== null && minute >= cueAt && minute < cueAt + 1) {
      return { text: prefix + "Mind the time: move to the closing questions.", topic: now };
    }
    if (now) {
      var end = parseInt(now.getAttribute("data-start"), 10) + parseInt(now.getAttribute("data-length"), 10);
      var left = Math.max(0, end - minute);
      return {
        text: prefix + "Now: " + questionOf(now) + " (" + (left < 1 ? "under a minute" : Math.ceil(left) + " min") + " left)",
        topic: now,
      };
    }
    return { text: prefix + "Wrap up: thank them and agree on the next step.", topic: null };
  }
  var current = null;
  function tick() {
    var c = clock();
    var ms = elapsedMs(c);
    var running = !!c.since;
    elapsedOut.textContent = mmss(ms);
    toggle.textContent = running ? "Pause" : ms > 0 ? "Resume" : "Start";
    toggle.setAttribute("aria-pressed", running ? "true" : "false");
    var cue = cueFor(ms / 60000, running, ms > 0 || running);
    if (cueOut.textContent !== cue.text) {
      cueOut.textContent = cue.text;
    }
    if (cue.topic !== current) {
      if (current) {
        current.classList.remove("now");
      }
      if (cue.topic) {
        cue.topic.classList.add("now");
      }
      current = cue.topic;
    }
  }
  toggle.addEventListener("click", function () {
    var c = clock();
    if (c.since) {
      c = { elapsed: elapsedMs(c), since: null };
    } else {
      c = { elapsed: c.elapsed, since: Date.now() };
    }
    save(c);
    tick();
  });
  reset.addEventListener("click", function () {
    save({ elapsed: 0, since: null });
    tick();
  });
  tick();
  setInterval(tick, 1000);
})();
