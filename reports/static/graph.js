/* footprint: draws the layered picture (person -> accounts -> what they show -> what it unlocks).
   Everything a stranger wrote arrives as data and leaves as a text node: no innerHTML, ever. */
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, cls, ...kids) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    for (const k of kids) {
      if (k === null || k === undefined || k === false) continue;
      e.append(k instanceof Node ? k : document.createTextNode(String(k)));
    }
    return e;
  }

  function safeHref(url) {
    return typeof url === "string" && /^https?:\/\/[^\s]/i.test(url) ? url : null;
  }

  function outLink(url, text) {
    const href = safeHref(url);
    if (!href) return el("span", null, text);
    const a = el("a", null, text);
    a.href = href;
    a.rel = "noopener noreferrer nofollow";
    a.target = "_blank";
    return a;
  }

  function node(cls, id, kind, value, where) {
    const n = el("div", "node " + cls, el("span", "kind", kind), el("span", "val", value), where ? el("span", "where", where) : null);
    n.dataset.node = id;
    n.tabIndex = 0;
    return n;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // The edges of the picture; `shown(id)` says whether a node is on screen, `litState(c)` a capability's state.
  function edges(view, shown, litState, fresh) {
    const out = [];
    // The person owns each linked account; links between two accounts are drawn only when one is pointed at,
    // so eight accounts do not become a knot.
    for (const a of view.accounts) {
      if (a.status === "found" && a.linked && shown(a.id)) out.push({ from: "target", to: a.id, cls: "same" });
    }
    for (const l of view.links) {
      if (l.a !== "target" && l.b !== "target" && shown(l.a) && shown(l.b)) out.push({ from: l.a, to: l.b, cls: "same", side: true, onlyHot: !fresh.has(l.id) });
    }
    for (const f of view.fragments) {
      if (!shown(f.id)) continue;
      for (const a of f.accounts) if (shown(a)) out.push({ from: a, to: f.id, cls: "shows" });
    }
    for (const c of view.capabilities) {
      const state = litState(c);
      if (state === "out_of_reach") continue;
      for (const f of c.fragments) if (shown(f)) out.push({ from: f, to: c.id, cls: state === "satisfied" ? "unlock" : "near" });
    }
    return out;
  }

  /* render(board, view, opts): opts.visible (Set or null for all), opts.lit (Set of capability ids lit so far,
     or null to use each capability's own state), opts.fresh (Set of ids that just arrived, animated),
     opts.current (the story's current step: its lines are drawn strongly). */
  function render(board, view, opts) {
    opts = opts || {};
    const visible = opts.visible || null;
    const fresh = opts.fresh || new Set();
    const shown = (id) => id === "target" || !visible || visible.has(id);
    const litState = (c) => opts.lit ? (opts.lit.has(c.id) ? "satisfied" : "out_of_reach") : c.state;
    const nodes = new Map();
    const networkOf = new Map(view.accounts.map((a) => [a.id, a.title || a.network]));
    // The words of the picture come with the view (reports/data/wording.json, "picture").
    const pw = (view.wording && view.wording.picture) || {};
    const say = (key, values) => fill((pw.labels && pw.labels[key]) || pw[key] || key, values || {});
    const listed = (xs) => xs.length <= 1 ? xs.join("") : xs.slice(0, -1).join(", ") + " and " + xs[xs.length - 1];

    const person = node("person", "target", say("person"), view.target);
    nodes.set("target", person);
    const colPerson = el("div", "col person", el("h2", null, say("people")), person);

    const colAccounts = el("div", "col accounts", el("h2", null, say("accounts")));
    const missing = [], unchecked = [];
    const accounts = [...view.accounts].sort((x, y) => (y.linked ? 1 : 0) - (x.linked ? 1 : 0));
    for (const a of accounts) {
      // "no account" only where the network said so: one that could not be checked is not an absence
      if (a.status === "not_found") { missing.push(a.title || a.network); continue; }
      if (a.status !== "found") { unchecked.push(a.title || a.network); continue; }
      if (!shown(a.id)) continue;
      const n = node("account" + (a.linked ? "" : " other"), a.id, a.title || a.network, a.handle, a.linked ? null : say("other"));
      nodes.set(a.id, n);
      colAccounts.append(n);
    }
    const absent = [...new Set(missing)];
    if (absent.length && !visible) {
      const note = el("p", "where muted absent", absent.length > 3 ? say("absent_many", { n: absent.length }) : say("absent_few", { names: listed(absent) }));
      note.title = absent.join(", ");
      colAccounts.append(note);
    }
    const unsure = [...new Set(unchecked)].filter((n) => !absent.includes(n));
    if (unsure.length && !visible) {
      const note = el("p", "where muted unchecked", unsure.length > 3 ? say("unchecked_many", { n: unsure.length }) : say("unchecked_few", { names: listed(unsure) }));
      note.title = unsure.join(", ");
      colAccounts.append(note);
    }

    const chips = el("div", "chips");
    const colFragments = el("div", "col fragments", el("h2", null, say("shows")), chips);
    // Grouped by the account that shows them first, so wires run side by side instead of crossing.
    const order = new Map(view.accounts.map((a, i) => [a.id, i]));
    const frags = view.fragments.filter((f) => shown(f.id));
    frags.sort((x, y) => (order.get(x.accounts[0]) ?? 99) - (order.get(y.accounts[0]) ?? 99));
    for (const f of frags) {
      const n = node("fragment", f.id, f.kind_label, f.value, say("on", { networks: listed(f.accounts.map((a) => networkOf.get(a) || "?")) }));
      if (typeof f.bits === "number" && f.bits > 0) n.querySelector(".kind").append(el("span", "bits", " · " + f.bits.toFixed(1) + " bits"));
      nodes.set(f.id, n);
      chips.append(n);
    }
    if (view.unlinked_fragments && !visible) {
      colFragments.append(el("p", "where muted", say("unlinked", { pieces: plural(view.unlinked_fragments, "more piece") })));
    }

    const colCaps = el("div", "col capabilities", el("h2", null, say("unlocks")));
    const labels = new Map(view.fragments.map((f) => [f.id, f.kind_label]));
    for (const c of view.capabilities) {
      const state = litState(c);
      const kind = say(state);
      let where = null;
      if (state === "satisfied") where = say("because", { kinds: listed([...new Set(c.fragments.filter(shown).map((f) => labels.get(f)))]) });
      if (state === "near_miss") where = say("needs", { needs: c.needs });
      const n = node("capability " + state, c.id, kind, c.title, where);
      n.title = c.explanation;
      nodes.set(c.id, n);
      colCaps.append(n);
    }

    for (const [id, n] of nodes) if (fresh.has(id)) n.classList.add("new");

    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "wires");
    svg.setAttribute("aria-hidden", "true");
    board.classList.toggle("dense", frags.length > 12);
    board.classList.toggle("many-caps", view.capabilities.length > 6);
    board.classList.toggle("many-accounts", colAccounts.querySelectorAll(".node").length > 4);
    board.replaceChildren(svg, colPerson, colAccounts, colFragments, colCaps);
    // Only the lines of the box pointed at, or of the story's current step, are drawn strongly; the rest stay faint.
    board._fp = { nodes, edges: edges(view, shown, litState, fresh), svg, hot: null, current: opts.current || null,
      lit: new Set(opts.current && opts.fresh ? [...opts.fresh].filter((id) => id !== opts.current) : []) };
    wire(board);
    const draw = () => drawWires(board);
    requestAnimationFrame(draw);
    setTimeout(draw, 750); // again once arrival animations have settled
    return nodes;
  }

  function neighbours(fp, id) {
    const near = new Set([id]);
    for (const e of fp.edges) {
      if (e.from === id) near.add(e.to);
      if (e.to === id) near.add(e.from);
    }
    return near;
  }

  function setHot(board, id) {
    const fp = board._fp;
    if (!fp) return;
    fp.hot = id;
    const near = id ? neighbours(fp, id) : null;
    for (const [nid, n] of fp.nodes) {
      n.classList.toggle("hot", nid === id);
      n.classList.toggle("dim", !!near && !near.has(nid));
    }
    drawWires(board);
  }

  function wire(board) {
    if (board._wired) return;
    board._wired = true;
    const pick = (ev) => {
      const n = ev.target.closest && ev.target.closest("[data-node]");
      setHot(board, n ? n.dataset.node : null);
    };
    board.addEventListener("mouseover", pick);
    board.addEventListener("focusin", pick);
    board.addEventListener("mouseleave", () => setHot(board, null));
    window.addEventListener("resize", () => drawWires(board));
  }

  function drawWires(board) {
    const fp = board._fp;
    if (!fp) return;
    const box = board.getBoundingClientRect();
    const paths = [], strong = [];
    for (const e of fp.edges) {
      const a = fp.nodes.get(e.from), b = fp.nodes.get(e.to);
      if (!a || !b) continue;
      const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      if (!ra.width || !rb.width) continue;
      let d;
      if (e.side) { // two accounts in one column: a bracket on their left
        const x = ra.left - box.left, y1 = ra.top + ra.height / 2 - box.top, y2 = rb.top + rb.height / 2 - box.top;
        const bulge = Math.min(40, 14 + Math.abs(y2 - y1) / 6);
        d = `M ${x} ${y1} C ${x - bulge} ${y1}, ${x - bulge} ${y2}, ${x} ${y2}`;
      } else {
        const x1 = ra.right - box.left, y1 = ra.top + ra.height / 2 - box.top;
        const x2 = rb.left - box.left, y2 = rb.top + rb.height / 2 - box.top;
        const dx = Math.max(24, (x2 - x1) / 2);
        d = `M ${x1} ${y1} C ${x1 + dx} ${y1}, ${x2 - dx} ${y2}, ${x2} ${y2}`;
      }
      const p = document.createElementNS(SVG, "path");
      p.setAttribute("d", d);
      const focus = fp.hot || fp.current;
      const hot = focus && (e.from === focus || e.to === focus || (fp.current && !fp.hot && fp.lit.has(e.to)));
      if (e.onlyHot && !hot) continue;
      p.setAttribute("class", e.cls + (hot ? " hot" : ""));
      if (hot) strong.push(p); else paths.push(p);
    }
    fp.svg.replaceChildren(...paths, ...strong); // the strong lines on top
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, (_, k) => (k in values ? String(values[k]) : ""));
  }

  // Beyond the population's own bits "1 in N" stops meaning anything; the chance of being unique says it better.
  function identityNote(identity, words) {
    const w = (words && words.identity) || {};
    if (identity.population_bits && identity.bits >= identity.population_bits && typeof identity.p_unique === "number") {
      return fill(w.meter_unique, { chance: Math.round(identity.p_unique * 100) + "%" });
    }
    if (!identity.one_in || identity.one_in < 2) return fill(w.meter_nothing, {});
    return fill(w.meter_one_in, { one_in: Math.round(identity.one_in).toLocaleString("en-GB") });
  }

  /* meters(root, score, identity, words): `words` is the view's wording (what the score means, what the bits say). */
  function meters(root, score, identity, words) {
    const s = root.querySelector("[data-meter=score]");
    if (s) {
      s.querySelector(".value").textContent = score + " / 100";
      s.querySelector(".fill").style.width = Math.max(0, Math.min(100, score)) + "%";
      const note = s.querySelector(".note");
      if (note && words) { note.textContent = words.score_short || ""; s.title = words.score || ""; }
    }
    const b = root.querySelector("[data-meter=bits]");
    if (b) {
      b.classList.toggle("hidden", !identity);
      if (identity) {
        const of = identity.population_bits || 33;
        b.querySelector(".value").textContent = identity.bits.toFixed(1) + " bits";
        b.querySelector(".fill").style.width = Math.min(100, 100 * identity.bits / of) + "%";
        const note = b.querySelector(".note");
        if (note) note.textContent = identityNote(identity, words);
      }
    }
  }

  window.Footprint = { el, outLink, safeHref, render, drawWires, setHot, meters };
})();
