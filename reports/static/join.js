/* footprint room, a student's own page: consent, one handle (or a made-up person), then their own result.
   The server answers this device only (its session cookie); values arrive masked unless the student taps Show.
   Only text nodes are created, never HTML, and nothing is asked of any other site. */
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($("room-data").textContent);
  const api = location.pathname.replace(/\/+$/, "") + "/api/";
  const SCREENS = ["consent", "check", "progress", "result"];
  let source = null, masked = null, revealed = false;

  function el(tag, cls, ...kids) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    for (const kid of kids) if (kid !== null && kid !== undefined) node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    return node;
  }
  function say(node, ...kids) { node.replaceChildren(...kids.map((k) => k instanceof Node ? k : document.createTextNode(String(k)))); }
  function button(text, cls, onClick) { const b = el("button", cls, text); b.type = "button"; b.addEventListener("click", onClick); return b; }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }

  function show(which) {
    for (const id of SCREENS) $(id).hidden = id !== which;
    document.body.dataset.screen = which;
    window.scrollTo(0, 0);
  }
  function message(text) {
    $("message").hidden = !text;
    say($("message"), text || "");
    if (text) window.scrollTo(0, 0);
  }

  async function post(path, body) {
    let res;
    try {
      res = await fetch(api + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body || {}) });
    } catch (e) { throw new Error("Cannot reach the room. Is your phone on the same Wi-Fi?"); }
    const d = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(d.error || "Something went wrong (" + res.status + ").");
    return d;
  }

  function link(url, text) {
    const a = el("a", null, text);
    a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
    return a;
  }
  // Only https addresses become clickable: the settings pages in the fixes (our own advice), your own profiles
  // once you show your details (the server only sends plain web links).
  function linked(text) {
    const out = [];
    for (const part of String(text).split(/(https:\/\/[^\s)]+)/)) {
      if (/^https:\/\/[^\s)]+$/.test(part)) {
        const url = part.replace(/[.,;:]+$/, "");
        out.push(link(url, url));
        if (part.length > url.length) out.push(part.slice(url.length));
      } else if (part) out.push(part);
    }
    return out;
  }

  function progress(s) {
    if (s.state === "waiting") {
      say($("progress-title"), "Waiting for a free slot…");
      say($("progress-text"), s.ahead ? plural(s.ahead, "person", "people") + " ahead of you." : "You are next.");
      $("progress-fill").style.width = "0%";
      say($("progress-found"), "");
      return;
    }
    say($("progress-title"), "Checking…");
    say($("progress-text"), s.total ? "Asked " + s.checked + " of " + s.total + " sites." : "Starting…");
    $("progress-fill").style.width = (s.total ? Math.round(100 * s.checked / s.total) : 2) + "%";
    say($("progress-found"), s.found.length ? "Found so far: " + s.found.join(", ") : "");
  }

  function onState(s) {
    say($("left"), s.scans_left + " of " + data.max_scans + " checks left.");
    if (s.state === "waiting" || s.state === "checking") {
      show("progress"); progress(s);
      if (!source) listen();
      return;
    }
    if (source) { source.close(); source = null; }
    if (s.state === "done" && s.result) {
      masked = s.result; revealed = false;
      renderResult(masked); show("result");
      document.body.dataset.result = "1";
      return;
    }
    document.body.dataset.result = "0";
    show("check");
    if (s.state === "failed") message(s.error);
  }

  function listen() {
    if (source) source.close();
    source = new EventSource(api + "events");
    source.addEventListener("state", (ev) => onState(JSON.parse(ev.data)));
    source.onerror = () => { if (source && source.readyState === EventSource.CLOSED) message("Lost contact with the room. Reload the page."); };
  }

  async function start(body) {
    message("");
    try { onState(await post("scan", body)); } catch (e) { message(e.message); }
  }

  function card(cls, title, ...kids) { return el("div", "card " + (cls || ""), title ? el("h2", null, title) : null, ...kids); }

  function details(summary, ...kids) {
    const d = el("details", null, el("summary", null, summary), ...kids);
    return d;
  }

  function renderResult(r) {
    const out = [];
    const c = r.checked;
    const reveal = button(revealed ? "Hide my details" : "Show my details", "reveal", toggleReveal);
    reveal.id = "reveal";
    out.push(card("head", null,
      el("p", "muted", "What a stranger can find about"),
      el("p", "who", "@" + r.target),
      el("p", "score", el("span", "n", r.score), " / 100 ", el("span", "muted", "exposure score")),
      el("p", "muted", "The higher it is, the more a stranger can do with what you share. We checked " + c.answered + " of " + c.networks + " sites."),
      reveal,
      el("p", "muted small", revealed ? "Only you can see this page. Hide them again before you show anyone." : "Your details are hidden, so people next to you cannot read them.")));

    if (!c.enough || c.unchecked.length) {
      const kids = [];
      if (c.shortfall) kids.push(el("p", null, c.shortfall));
      if (c.unchecked.length) kids.push(el("p", null, "Not checked: " + c.unchecked.join(", ") + "."));
      if (c.limited) kids.push(el("p", null, "Everyone here shares one internet connection. Some sites only answer so many checks from it. Try again at home."));
      out.push(card(c.enough ? "note" : "warn", c.enough ? "A few sites could not be checked" : "Not everything could be checked", ...kids));
    }

    const nearly = r.nearly.length ? el("p", "muted", "Nearly unlocked: " + r.nearly.join("; ") + ".") : null;
    if (r.unlocked.length) {
      out.push(card("danger", r.unlocked.length === 1 ? "1 thing a stranger could do" : r.unlocked.length + " things a stranger could do",
        el("ul", "caps", ...r.unlocked.map((u) => el("li", null, el("strong", null, u.title), el("p", null, u.explanation)))), nearly));
    } else if (r.fragments.length || r.accounts.length) {
      out.push(card("", "What a stranger could do", el("p", null, "Nothing we found unlocks a serious risk on its own."), nearly));
    }

    if (r.fixes.length) {
      out.push(card("fixes", r.fixes.length === 1 ? "Your most important fix" : "Your " + r.fixes.length + " most important fixes",
        el("ol", null, ...r.fixes.map((f) => el("li", null,
          el("p", "what", f.headline || f.pieces[0].label),
          el("p", "with", f.pieces.map((p) => p.label + ": " + p.values.join(", ")).join(" · ")),
          f.together ? el("p", "muted", f.together) : null,
          f.on.length ? el("ul", "on", ...f.on.map((o) => el("li", null, el("strong", null, o.network + ": "), ...linked(o.how)))) : null,
          f.tips.length ? details("More tips", ...f.tips.map((t) => el("p", null, t))) : null,
          el("p", "after", f.breaks.length ? "This stops: " + f.breaks.join("; ") + ". " : "",
            f.score_after < f.score_before ? "Score " + f.score_before + " → " + f.score_after + "." : "")))),
        r.more_fixes ? el("p", "muted", plural(r.more_fixes, "more fix", "more fixes") + " after these.") : null));
    }

    if (r.fragments.length) {
      out.push(card("", "What your accounts show (" + r.fragments.length + ")",
        el("ul", "facts", ...r.fragments.map((f) => el("li", null,
          el("span", "label", f.label), " ", el("span", "value", f.value), el("span", "where", f.where.join("; ")))))));
    }

    const accounts = r.accounts.length
      ? el("ul", "accounts", ...r.accounts.map((a) => el("li", null, el("strong", null, a.network), " ",
          a.url ? link(a.url, a.handle) : el("span", "value", a.handle))))
      : el("p", null, "We found no account with this handle on the " + c.answered + " sites that answered.");
    out.push(card("", "Your accounts (" + r.accounts.length + ")", accounts,
      r.tied ? el("p", "muted", "They link to each other, so anyone can tell they are all you.") : null,
      r.maybe_others ? el("p", "muted", plural(r.maybe_others, "more account") + " with this name may be someone else's.") : null));

    out.push(card("actions", null,
      button("Check another handle", "primary", () => { message(""); show("check"); }),
      button("Delete my results", "", forget)));
    say($("result"), ...out);
  }

  async function toggleReveal() {
    if (revealed) { revealed = false; renderResult(masked); return; }
    try {
      const res = await fetch(api + "result?reveal=1");
      const d = await res.json();
      if (!res.ok || !d.result) throw new Error(d.error || "Cannot show your details.");
      revealed = true; renderResult(d.result);
    } catch (e) { message(e.message); }
  }

  async function forget() {
    try {
      onState(await post("forget"));
      masked = null;
      message("Your results are deleted. They are not on the big screen's totals any more.");
    } catch (e) { message(e.message); }
  }

  for (const p of data.personas) {
    const b = button("", "person", () => start({ persona: p.id }));
    const about = p.title.startsWith(p.name + ", ") ? p.title.slice(p.name.length + 2) : p.title;
    say(b, el("strong", null, p.name), el("span", null, about));
    b.dataset.persona = p.id;
    $("people").append(b);
  }
  $("agree").addEventListener("click", async () => {
    try { onState(await post("hello")); } catch (e) { message(e.message); }
  });
  $("check-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const handle = $("handle").value.trim();
    if (!handle) { message("Type your handle first, or pick a made-up person."); return; }
    start({ handle });
  });

  if (!data.joined) show("consent");
  else onState(data.state);
})();
