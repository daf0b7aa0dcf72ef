/* footprint live view: starts a scan, merges what the server streams, and runs story mode.
   Values come from the server already masked unless the presenter confirmed "Show values". */
"use strict";
(function () {
  const FP = window.Footprint;
  const $ = (id) => document.getElementById(id);
  const board = $("board"), caption = $("caption"), status = $("status");
  const token = new URLSearchParams(location.search).get("token");
  const LISTS = ["accounts", "links", "fragments", "capabilities"];

  let view = null, scanId = null, source = null, reveal = false, finished = false;
  let story = null; // {index} while story mode is on

  function api(path, extra) {
    const q = new URLSearchParams(extra || {});
    if (token) q.set("token", token);
    const s = q.toString();
    return path + (s ? "?" + s : "");
  }

  function say(el, ...parts) { el.replaceChildren(...parts.map((p) => p instanceof Node ? p : document.createTextNode(String(p)))); }

  function setCaption(title, text, unlock) {
    caption.classList.toggle("unlock", !!unlock);
    say(caption, FP.el("strong", null, title), text ? FP.el("span", null, text) : "");
  }

  function networkOf(id) {
    const a = view && view.accounts.find((x) => x.id === id);
    return a ? a.network : "your handle";
  }

  function merge(delta) {
    const next = { ...delta };
    for (const key of LISTS) {
      const old = new Map(!delta.reset && view ? view[key].map((x) => [x.id, x]) : []);
      const changed = new Map(delta.changed[key].map((x) => [x.id, x]));
      next[key] = delta.order[key].map((id) => changed.get(id) || old.get(id)).filter(Boolean);
    }
    delete next.changed; delete next.order;
    return next;
  }

  function onUpdate(delta) {
    const before = view;
    const known = new Set(before && !delta.reset ? LISTS.flatMap((k) => before[k].map((x) => x.id)) : []);
    const wasLit = new Set(before && !delta.reset ? before.capabilities.filter((c) => c.state === "satisfied").map((c) => c.id) : []);
    view = merge(delta);
    if (story) { showStep(); return; }
    const fresh = delta.reset && before ? new Set() : new Set(LISTS.flatMap((k) => view[k].map((x) => x.id)).filter((id) => !known.has(id)));
    const lit = view.capabilities.filter((c) => c.state === "satisfied" && !wasLit.has(c.id));
    for (const c of lit) fresh.add(c.id);
    FP.render(board, view, { fresh });
    FP.meters(document, view.score, view.identity);
    if (lit.length && !(delta.reset && before)) {
      setCaption("Unlocked: " + lit.map((c) => c.title).join("; "), lit[0].explanation, true);
    } else {
      const newFrags = view.fragments.filter((f) => fresh.has(f.id));
      if (newFrags.length) setCaption("Found " + newFrags.length + " new piece" + (newFrags.length === 1 ? "" : "s"),
        newFrags.map((f) => f.kind_label).join(", "));
    }
  }

  function connect() {
    if (source) source.close();
    finished = false;
    source = new EventSource(api("/api/scans/" + encodeURIComponent(scanId) + "/events", reveal ? { reveal: "1" } : {}));
    source.addEventListener("update", (ev) => onUpdate(JSON.parse(ev.data)));
    source.addEventListener("done", (ev) => {
      const d = JSON.parse(ev.data);
      source.close(); source = null; finished = true;
      document.body.dataset.scan = "done";
      if (d.error) { say(status, "Stopped: " + d.error); return; }
      const found = view ? view.accounts.filter((a) => a.status === "found").length : 0;
      const lit = view ? view.capabilities.filter((c) => c.state === "satisfied").length : 0;
      const unlocked = view ? view.capabilities.filter((c) => c.state === "satisfied") : [];
      if (!story) {
        if (unlocked.length) setCaption(unlocked.length + " thing" + (unlocked.length === 1 ? "" : "s") + " someone could do. Most serious: " + unlocked[0].title, unlocked[0].explanation, true);
        else if (view && view.coverage && !view.coverage.enough) setCaption("Not enough could be checked to say you are safe", view.coverage.shortfall, true);
        else setCaption("Nothing here unlocks a serious risk", "Keep it that way.");
      }
      const save = $("save");
      save.href = api("/api/scans/" + encodeURIComponent(scanId) + "/report.html", reveal ? { reveal: "1" } : {});
      save.classList.remove("hidden");
      const cov = view && view.coverage;
      const checked = cov ? " " + cov.answered + " of " + cov.networks + " networks could be checked." : "";
      say(status, "Scan finished: " + found + " account" + (found === 1 ? "" : "s") + ", " + (view ? view.fragments.length : 0) +
        " pieces of information, " + lit + " unlocked." + checked + " Press S (or Story) to walk through it one step at a time.");
    });
    source.onerror = () => { if (!finished) say(status, "Lost contact with the footprint server. Is it still running?"); };
  }

  async function start(body) {
    exitStory();
    view = null; board.replaceChildren(); setCaption("", "");
    $("save").classList.add("hidden");
    FP.meters(document, 0, null);
    document.body.dataset.scan = "running";
    say(status, "Checking…");
    let res;
    try {
      res = await fetch(api("/api/scans"), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    } catch (e) { say(status, "Could not reach the footprint server."); return; }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) { say(status, "Cannot scan: " + (data.error || res.status)); document.body.dataset.scan = ""; return; }
    scanId = data.id;
    say(status, "Scanning… accounts appear as each network answers.");
    connect();
  }

  $("scan-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const handle = $("handle").value.trim();
    if (!handle) { say(status, "Type a handle first, or run a demo persona."); return; }
    start({ handle });
  });
  $("demo").addEventListener("click", () => start({ persona: $("persona").value }));

  // Redaction: hiding is instant; showing asks first, because the room sees whatever the screen shows.
  const redactBtn = $("redact"), dialog = $("confirm");
  function setReveal(on) {
    reveal = on;
    redactBtn.setAttribute("aria-pressed", String(!on));
    say(redactBtn, on ? "Values shown" : "Values hidden");
    document.body.dataset.reveal = on ? "1" : "0";
    if (!on) { board.replaceChildren(); if (story) caption.replaceChildren(); }
    $("save").classList.add("hidden");
    if (scanId) connect();
  }
  redactBtn.addEventListener("click", () => {
    if (reveal) { setReveal(false); return; }
    dialog.showModal();
    $("keep-hidden").focus();
  });
  $("keep-hidden").addEventListener("click", () => dialog.close());
  $("show-values").addEventListener("click", () => { dialog.close(); setReveal(true); });

  // Story mode: the room sees one finding at a time.
  const storyBtn = $("story");
  function enterStory() {
    if (!view || !view.story.length) { say(status, "Run a scan first; story mode walks through its findings."); return; }
    story = { index: 0 };
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur(); // Space must not press a button
    storyBtn.setAttribute("aria-pressed", "true");
    document.body.dataset.mode = "story";
    say(status, "Story mode: Space or → shows the next finding, ← goes back, Esc leaves.");
    showStep();
  }
  function exitStory() {
    if (!story) return;
    story = null;
    storyBtn.setAttribute("aria-pressed", "false");
    document.body.dataset.mode = "live";
    board.classList.remove("guesses-step");
    if (view) { FP.render(board, view, {}); FP.meters(document, view.score, view.identity); }
    setCaption("", "");
  }
  // The last step of a demo persona's story: the first ten passwords a stranger would build from it all.
  function showGuesses() {
    board.classList.add("guesses-step");
    const hit = view.guesses.findIndex((g) => g.hit);
    const list = FP.el("ol", "guesses", ...view.guesses.map((g) => {
      const li = FP.el("li", g.hit ? "hit" : null, FP.el("code", null, g.text), " ", FP.el("span", "muted", g.recipe),
        g.hit ? FP.el("strong", null, " ← their password") : null);
      return li;
    }));
    board.replaceChildren(FP.el("div", "guesses-panel", FP.el("h2", null, "What a stranger would try first"), list,
      FP.el("p", "muted", "Fictional persona, fictional password. After Wang et al., ACM CCS 2016 (targeted password guessing). Never made for a real person.")));
    if (hit >= 0) setCaption("Guess number " + (hit + 1) + " is their password", "Built from what their profiles show. Most sites lock you out after a few wrong tries: this one gets in first.", true);
    else setCaption("None of the ten is their password", "It is a few random words, with nothing from their profiles in it. That is what a strong password looks like.");
  }

  function showStep() {
    const steps = view.story;
    story.index = Math.max(0, Math.min(story.index, steps.length));
    const done = steps.slice(0, story.index);
    const visible = new Set(done.map((s) => s.id));
    const lit = new Set(done.flatMap((s) => s.lit));
    const step = done[done.length - 1];
    const fresh = new Set(step ? [step.id, ...step.lit] : []);
    board.classList.remove("guesses-step");
    FP.render(board, view, { visible, lit, fresh });
    const lastBits = done.map((s) => s.bits).filter((b) => typeof b === "number").pop();
    const bits = lastBits !== undefined && view.identity ? { ...view.identity, bits: lastBits, one_in: null } : null;
    FP.meters(document, step ? step.score : 0, story.index === steps.length ? view.identity : bits);
    board.dataset.step = String(story.index);
    say(status, "Story: step " + story.index + " of " + steps.length + ". Space or → for the next finding, ← back, Esc to leave.");
    if (!step) { setCaption("Who is @" + view.target + "?", "Press Space to see what their accounts give away."); return; }
    if (step.type === "guesses") { showGuesses(); return; }
    if (step.lit.length) {
      const caps = step.lit.map((id) => view.capabilities.find((c) => c.id === id)).filter(Boolean);
      const f = view.fragments.find((x) => x.id === step.id);
      setCaption((f ? "Their " + f.kind_label + " tips it over. " : "") + "Unlocked: " + caps.map((c) => c.title).join("; "), caps[0] ? caps[0].explanation : "", true);
    } else if (step.type === "account") {
      const a = view.accounts.find((x) => x.id === step.id);
      const tie = view.links.find((l) => l.a === step.id || l.b === step.id);
      setCaption("An account on " + (a ? a.network : "?"), a && a.linked ? "The same person" + (tie ? ": " + tie.reason + "." : ".") : "Maybe someone else with the same name.");
    } else if (step.type === "link") {
      const l = view.links.find((x) => x.id === step.id);
      setCaption(l ? networkOf(l.a) + " and " + networkOf(l.b) + " are the same person" : "Linked", l ? "How we know: " + l.reason + "." : "");
    } else {
      const f = view.fragments.find((x) => x.id === step.id);
      const where = f ? f.accounts.map(networkOf).join(" and ") : "";
      if (f && f.from_photo) setCaption("A picture on " + where + " says where it was taken: " + f.value, "Phones hide the GPS position inside every photo unless location is off for the camera.");
      else if (f && f.kind === "email") setCaption(where + " shows their email: " + f.value, "It is probably where their other accounts send password resets. Whoever gets into it gets into the rest.");
      else if (f) setCaption(where + " shows their " + f.kind_label + ": " + f.value, "On its own it looks harmless.");
    }
  }
  storyBtn.addEventListener("click", () => (story ? exitStory() : enterStory()));
  document.addEventListener("keydown", (ev) => {
    const tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || dialog.open) return;
    if (!story) {
      if (ev.key === "s" || ev.key === "S") { ev.preventDefault(); enterStory(); }
      return;
    }
    if ([" ", "ArrowRight", "ArrowDown", "PageDown", "Enter"].includes(ev.key)) { ev.preventDefault(); story.index++; showStep(); }
    else if (["ArrowLeft", "ArrowUp", "PageUp", "Backspace"].includes(ev.key)) { ev.preventDefault(); story.index--; showStep(); }
    else if (ev.key === "Escape" || ev.key === "s" || ev.key === "S") { ev.preventDefault(); exitStory(); }
  });
  caption.addEventListener("click", () => { if (story) { story.index++; showStep(); } });
})();
