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

  // The words come with the view (reports/data/wording.json), so the page says nothing a test cannot read.
  const PAGE_WORDS = JSON.parse(document.body.dataset.words || "{}"); // before any scan has sent its view
  function words(key, values) {
    const w = (view && view.wording && view.wording[key]) || PAGE_WORDS[key] || "";
    return w.replace(/\{(\w+)\}/g, (_, k) => (values && k in values ? String(values[k]) : ""));
  }
  function titleOf(network) {
    const a = view && view.accounts.find((x) => x.network === network);
    return a ? a.title : network;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function listed(xs) { return xs.length <= 1 ? xs.join("") : xs.slice(0, -1).join(", ") + " and " + xs[xs.length - 1]; }
  let liveCaption = ["", "", false], liveStatus = "";
  function setLive(title, text, unlock) {
    liveCaption = [title, text, !!unlock];
    if (!story) { setCaption(title, text, unlock); if (view) fit(); }
  }
  function setStatus(text) { liveStatus = text; if (!story) { say(status, text); if (view) fit(); } }

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
    fit();
    FP.meters(document, view.score, view.identity, view.wording);
    if (lit.length && !(delta.reset && before)) {
      setLive(words("unlocked", { titles: lit.map((c) => c.title).join("; ") }), lit[0].explanation, true);
    } else {
      const newFrags = view.fragments.filter((f) => fresh.has(f.id));
      const kinds = [...new Set(newFrags.map((f) => f.kind_label))];
      if (newFrags.length) setLive(words("found", { pieces: plural(newFrags.length, "new piece"), kinds: listed(kinds) }), "");
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
      if (d.error) { setStatus(words("stopped", { error: d.error })); return; }
      const found = view ? view.accounts.filter((a) => a.status === "found").length : 0;
      const unlocked = view ? view.capabilities.filter((c) => c.state === "satisfied") : [];
      if (unlocked.length) setLive(words("done_title", { things: plural(unlocked.length, "thing"), title: unlocked[0].title }), unlocked[0].explanation, true);
      else if (view && view.coverage && !view.coverage.enough) setLive(words("done_unsure_title"), view.coverage.shortfall, true);
      else setLive(words("done_clean_title"), words("done_clean_text"));
      const save = $("save");
      save.href = api("/api/scans/" + encodeURIComponent(scanId) + "/report.html", reveal ? { reveal: "1" } : {});
      save.classList.remove("hidden");
      const cov = view && view.coverage;
      const skipped = cov && cov.skipped && cov.skipped.length ? words("skipped", { names: listed(cov.skipped.map(titleOf)) }) : "";
      const checked = cov ? words("checked", { answered: cov.answered, networks: cov.networks }) + skipped : "";
      setStatus(words("finished", { accounts: plural(found, "account"), pieces: plural(view ? view.fragments.length : 0, "piece"),
        unlocked: unlocked.length, checked, hint: view && view.story.length ? words("story_hint") : "" }));
    });
    source.onerror = () => { if (!finished) setStatus(words("lost")); };
  }

  async function start(body) {
    exitStory();
    board.replaceChildren(); setLive("", "");
    $("save").classList.add("hidden");
    FP.meters(document, 0, null, view && view.wording);
    document.body.dataset.scan = "running";
    setStatus(words("checking"));
    let res;
    try {
      res = await fetch(api("/api/scans"), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    } catch (e) { setStatus(words("unreachable")); return; }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) { setStatus(words("cannot_scan", { error: data.error || res.status })); document.body.dataset.scan = ""; return; }
    scanId = data.id;
    setStatus(words("scanning"));
    view = null;
    connect();
  }

  // The whole picture on one screen, never a scroll bar on the projector: when the boxes do not fit below the
  // caption, their type shrinks a step at a time (to 60% at most). The story starts from the size the full
  // picture needed and only ever shrinks, so boxes do not jump about from one step to the next.
  const SMALLEST = 60;
  function fit() {
    if (matchMedia("(max-width: 760px)").matches) { board.style.fontSize = ""; return; }
    // Measured by layout (offsets), not by what is on screen: a box still sliding in is drawn lower than it sits.
    const over = () => board.getBoundingClientRect().top + board.offsetHeight > window.innerHeight;
    let size = story ? parseFloat(board.style.fontSize) || 100 : 100;
    board.style.fontSize = size < 100 ? size + "%" : "";
    while (size > SMALLEST && over()) {
      size -= 5;
      board.style.fontSize = size + "%";
    }
    FP.drawWires(board);
  }
  window.addEventListener("resize", () => { if (view) fit(); });

  $("scan-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const handle = $("handle").value.trim();
    if (!handle) { setStatus(words("type_first")); return; }
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
    if (!view || !view.story.length) { setStatus(words("no_story")); return; }
    story = { index: 0 };
    board.style.fontSize = ""; // the story starts large; fit() shrinks it only if a step needs the room
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur(); // Space must not press a button
    storyBtn.setAttribute("aria-pressed", "true");
    document.body.dataset.mode = "story";
    say(status, words("story_on"));
    showStep();
  }
  // Leaving the story puts back what the live view said before it: the whole picture, its caption and status.
  function exitStory() {
    if (!story) return;
    story = null;
    storyBtn.setAttribute("aria-pressed", "false");
    document.body.dataset.mode = "live";
    delete board.dataset.step;
    board.classList.remove("guesses-step");
    if (view) { FP.render(board, view, {}); fit(); FP.meters(document, view.score, view.identity, view.wording); }
    setCaption(...liveCaption);
    say(status, liveStatus);
  }
  // The last step of a demo persona's story: the first ten passwords a stranger would build from it all.
  function showGuesses() {
    board.classList.add("guesses-step");
    const list = FP.el("ol", "guesses", ...view.guesses.map((g) => {
      const li = FP.el("li", g.hit ? "hit" : null, FP.el("code", null, g.text), " ", FP.el("span", "muted", g.recipe),
        g.hit ? FP.el("strong", null, " " + words("guesses_their")) : null);
      return li;
    }));
    board.replaceChildren(FP.el("div", "guesses-panel", FP.el("h2", null, words("guesses_heading")), list,
      FP.el("p", "muted", words("guesses_note"))));
  }

  function showStep() {
    const steps = view.story;
    story.index = Math.max(0, Math.min(story.index, steps.length));
    const done = steps.slice(0, story.index);
    const step = done[done.length - 1];
    const summary = step && step.type === "summary";
    const visible = new Set(done.map((s) => s.id));
    const lit = new Set(done.flatMap((s) => s.lit));
    const fresh = new Set(step && !summary ? [step.id, ...step.lit] : []);
    board.classList.remove("guesses-step");
    // the summary shows the whole picture as it stands, near misses and all
    FP.render(board, view, summary ? {} : { visible, lit, fresh, current: step ? step.id : null });
    const lastBits = done.map((s) => s.bits).filter((b) => typeof b === "number").pop();
    const bits = lastBits !== undefined && view.identity ? { ...view.identity, bits: lastBits, one_in: null } : null;
    FP.meters(document, step ? step.score : 0, summary ? view.identity : bits, view.wording);
    board.dataset.step = String(story.index);
    say(status, words("story_help", { step: story.index, steps: steps.length }));
    if (step && step.type === "guesses") showGuesses();
    const said = step || view.opening;
    setCaption(said.title, said.text, said.unlock);
    fit();
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
