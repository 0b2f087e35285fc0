// Webinar player: chapters and transcript seek, the current cue highlighted, captions
// toggle, speed remembered, keyboard shortcuts, watch-progress heartbeats, and fresh signed
// links when the page's ones expire mid-playback.
// The native <video> works without it.
(function () {
  "use strict";
  var root = document.querySelector("[data-player]");
  if (!root) return;
  var video = root.querySelector("video");
  var speedSelect = root.querySelector("[data-speed-select]");
  var captionsButton = root.querySelector("[data-captions]");
  var statusLine = root.querySelector("[data-status]");
  var transcript = root.querySelector("[data-transcript]");
  var lines = transcript ? Array.prototype.slice.call(transcript.querySelectorAll("a[data-seek]")) : [];
  var progressUrl = root.getAttribute("data-progress-url");
  var token = root.getAttribute("data-csrf") || "";
  var SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var HEARTBEAT_MS = 15000;
  var sourcesUrl = root.getAttribute("data-sources-url");
  var current = null;
  var done = false;

  // --- seeking: chapters, transcript lines, "continue from", #t=754 ---
  function seek(seconds, play) {
    var go = function () {
      video.currentTime = Math.max(0, seconds);
      if (play) { var p = video.play(); if (p && p.catch) p.catch(function () {}); }
    };
    if (video.readyState >= 1) go(); else video.addEventListener("loadedmetadata", go, { once: true });
  }
  root.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-seek]");
    if (!link) return;
    event.preventDefault();
    seek(parseFloat(link.getAttribute("data-seek")), true);
    if (link.hasAttribute("data-play")) link.hidden = true;
    video.focus();
  });
  function fromHash() {
    var match = /^#t=(\d+(?:\.\d+)?)$/.exec(window.location.hash);
    if (match) seek(parseFloat(match[1]), false);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  // --- transcript: highlight the cue being spoken, keep it in view inside the panel ---
  function highlight() {
    var t = video.currentTime, found = null;
    for (var i = 0; i < lines.length; i++) {
      var start = parseFloat(lines[i].getAttribute("data-seek"));
      if (start > t) break;
      if (t < parseFloat(lines[i].getAttribute("data-end"))) found = lines[i];
    }
    if (found === current) return;
    if (current) { current.classList.remove("is-current"); current.removeAttribute("aria-current"); }
    current = found;
    if (!found) return;
    found.classList.add("is-current");
    found.setAttribute("aria-current", "true");
    var top = found.offsetTop - transcript.offsetTop;
    if (top < transcript.scrollTop || top + found.offsetHeight > transcript.scrollTop + transcript.clientHeight) {
      transcript.scrollTop = Math.max(0, top - transcript.clientHeight / 3);
    }
  }
  if (lines.length) video.addEventListener("timeupdate", highlight);

  // --- captions on/off (on by default where the page's language has a track) ---
  function captionTrack() {
    var tracks = video.textTracks;
    for (var i = 0; i < tracks.length; i++) if (tracks[i].kind === "captions" || tracks[i].kind === "subtitles") return tracks[i];
    return null;
  }
  function showCaptions(on) {
    var track = captionTrack();
    if (!track) return;
    track.mode = on ? "showing" : "hidden";
    if (captionsButton) captionsButton.setAttribute("aria-pressed", on ? "true" : "false");
  }
  if (captionsButton) {
    captionsButton.addEventListener("click", function () {
      showCaptions(captionsButton.getAttribute("aria-pressed") !== "true");
    });
    video.textTracks.addEventListener("change", function () {
      var track = captionTrack();
      if (track) captionsButton.setAttribute("aria-pressed", track.mode === "showing" ? "true" : "false");
    });
  }

  // --- speed: 0.75–2×, remembered (the server for learners, this browser for everyone) ---
  function storedSpeed() {
    try { return parseFloat(window.localStorage.getItem("academy.speed")); } catch (e) { return NaN; }
  }
  function setSpeed(rate, save) {
    rate = SPEEDS.reduce(function (best, s) { return Math.abs(s - rate) < Math.abs(best - rate) ? s : best; }, 1);
    video.playbackRate = rate;
    video.defaultPlaybackRate = rate;
    if (speedSelect) speedSelect.value = String(rate);
    if (save) { try { window.localStorage.setItem("academy.speed", String(rate)); } catch (e) { /* private mode */ } }
  }
  var initial = parseFloat(root.getAttribute("data-speed"));
  if (!progressUrl && storedSpeed()) initial = storedSpeed();
  setSpeed(initial || 1, false);
  if (speedSelect) speedSelect.addEventListener("change", function () {
    setSpeed(parseFloat(speedSelect.value), true);
    send(false);
  });
  video.addEventListener("ratechange", function () {
    // the browser's own menu may offer 0.25× or 0.5×; keep to what we offer and remember
    if (SPEEDS.indexOf(video.playbackRate) === -1) setSpeed(video.playbackRate, true);
    else if (speedSelect && speedSelect.value !== String(video.playbackRate)) setSpeed(video.playbackRate, true);
  });

  // --- keyboard: K play/pause, J/L ∓10 s, C captions, < > speed ---
  root.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.tagName === "SELECT" || event.target.tagName === "INPUT") return;
    var key = event.key, step = SPEEDS.indexOf(video.playbackRate);
    if (key === "k" || key === "K") { if (video.paused) video.play(); else video.pause(); }
    else if (key === "j" || key === "J") video.currentTime = Math.max(0, video.currentTime - 10);
    else if (key === "l" || key === "L") video.currentTime = Math.min(video.duration || 0, video.currentTime + 10);
    else if ((key === "c" || key === "C") && captionsButton) captionsButton.click();
    else if (key === ">" && step < SPEEDS.length - 1) setSpeed(SPEEDS[step + 1], true);
    else if (key === "<" && step > 0) setSpeed(SPEEDS[step - 1], true);
    else return;
    event.preventDefault();
  });

  // --- heartbeats: what really played (video.played leaves out what was skipped) ---
  if (!progressUrl) return;
  function played() {
    var out = [], ranges = video.played;
    for (var i = 0; i < ranges.length && out.length < 400; i++) {
      out.push([Math.round(ranges.start(i) * 1000) / 1000, Math.round(ranges.end(i) * 1000) / 1000]);
    }
    return out;
  }
  function body() {
    var speed = SPEEDS.indexOf(video.playbackRate) === -1 ? null : video.playbackRate;
    return JSON.stringify({ position: Math.round(video.currentTime * 1000) / 1000, intervals: played(), speed: speed, csrf_token: token });
  }
  function say(text) { if (statusLine) statusLine.textContent = text; }
  function answered(result) {
    if (!result || typeof result.percent !== "number") return;
    if (result.course_complete) say(root.getAttribute("data-text-course-done"));
    else if (result.done) say(root.getAttribute("data-text-done"));
    else say(root.getAttribute("data-text-watched").replace("__P__", String(result.percent)));
    done = done || result.done;
    if (result.done) showDone();
  }
  // The module page's status badge and the outline's tick follow the server at once.
  function showDone() {
    var holder = document.querySelector("[data-module-status]");
    var badge = holder && holder.querySelector(".badge");
    if (badge) {
      badge.className = "badge badge-done";
      badge.textContent = holder.getAttribute("data-done-text");
    }
    var item = document.querySelector(".module-outline .is-current");
    if (item && holder) {
      item.className = item.className.replace(/status-\w+/, "status-done");
      var said = item.querySelector("[data-outline-status]");
      if (said) said.textContent = holder.getAttribute("data-done-text");
    }
  }
  function send(leaving) {
    if (!isFinite(video.duration) || video.readyState < 1) return;
    if (leaving && navigator.sendBeacon) {
      // sendBeacon cannot set X-CSRFToken, so the token travels in the body
      navigator.sendBeacon(progressUrl, new Blob([body()], { type: "text/plain;charset=UTF-8" }));
      return;
    }
    fetch(progressUrl, {
      method: "POST", credentials: "same-origin", keepalive: !!leaving,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: body()
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok) answered(data);
        else if (data && data.message) say(data.message);
      });
    }).catch(function () { say(root.getAttribute("data-text-failed")); });
  }
  var started = false;
  video.addEventListener("play", function () { if (!started) { started = true; send(false); } });
  video.addEventListener("pause", function () { if (!video.ended) send(false); });
  video.addEventListener("ended", function () { send(false); });
  window.setInterval(function () { if (!video.paused) send(false); }, HEARTBEAT_MS);
  window.addEventListener("pagehide", function () { send(true); });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") send(true); });

  // --- expired links: the media links are signed and expire; on a failed fetch ask the
  // academy for fresh ones and carry on from the same moment, playing if it was ---
  var wantsPlay = false, refreshing = false, refreshes = 0, refreshedAt = 0;
  video.addEventListener("play", function () { wantsPlay = true; });
  video.addEventListener("pause", function () { if (!refreshing) wantsPlay = false; });
  video.addEventListener("playing", function () { refreshes = 0; });
  function refreshLinks() {
    // a refusal of a request sent before the last refresh is old news
    if (!sourcesUrl || refreshing || refreshes >= 3 || Date.now() - refreshedAt < 3000) return;
    refreshing = true;
    refreshes += 1;
    var at = video.currentTime, play = wantsPlay;
    fetch(sourcesUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { refreshing = false; return; }
        var sources = video.querySelectorAll("source"), tracks = video.querySelectorAll("track");
        data.sources.forEach(function (s, i) { if (sources[i]) sources[i].src = s.src; });
        data.tracks.forEach(function (t, i) { if (tracks[i]) tracks[i].src = t.src; });
        video.load();
        refreshing = false;
        refreshedAt = Date.now();
        seek(at, play);
      })
      .catch(function () { refreshing = false; });
  }
  // a <source> failing does not bubble: listen in the capture phase
  video.addEventListener("error", refreshLinks, true);
})();
