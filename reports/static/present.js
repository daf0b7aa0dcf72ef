/* footprint room, the presenter's screen: the room's totals as the server counts them. Nobody's own results
   ever reach this page: the stream carries numbers per kind and per capability, and the words come from the
   page itself. Only text nodes are created, never HTML. */
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const words = JSON.parse($("room-words").textContent);
  const key = new URLSearchParams(location.search).get("key") || "";
  const MOST_KINDS = 8, MOST_CAPS = 5;

  function el(tag, cls, ...kids) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    for (const kid of kids) node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    return node;
  }
  function say(node, ...kids) { node.replaceChildren(...kids.map((k) => k instanceof Node ? k : document.createTextNode(String(k)))); }

  // Most people first; among equals, the most serious capability (a kind has no severity: by name).
  function ranked(counts, known) {
    const weight = (id) => (known[id] && known[id].severity) || 0;
    return Object.entries(counts || {}).filter(([id, n]) => n > 0 && known[id])
      .sort((a, b) => b[1] - a[1] || weight(b[0]) - weight(a[0]) || (a[0] < b[0] ? -1 : 1));
  }

  function bar(n, of) {
    const fill = el("span", "fill");
    fill.style.width = Math.round(100 * n / Math.max(1, of)) + "%";
    return el("span", "bar", fill);
  }

  function render(t) {
    say($("joined"), t.joined);
    say($("scanned"), t.scanned);
    $("checking").hidden = !t.checking;
    say($("checking"), t.checking ? t.checking + " checking now" : "");
    $("waiting").hidden = t.shown;
    $("totals").hidden = !t.shown;
    document.body.dataset.shown = t.shown ? "1" : "0";
    if (t.shown) {
      const kinds = ranked(t.kinds, words.kinds).slice(0, MOST_KINDS);
      say($("kinds"), ...(kinds.length ? kinds.map(([kind, n]) => el("li", null,
        el("span", "count", n + " of " + t.scanned),
        el("span", "what", (n === 1 ? "shows " : "show ") + words.kinds[kind]),
        bar(n, t.scanned))) : [el("li", "none", "Nothing found yet.")]));
      const caps = ranked(t.capabilities, words.capabilities).slice(0, MOST_CAPS);
      say($("capabilities"), ...(caps.length ? caps.map(([id, n]) => {
        const c = words.capabilities[id];
        return el("li", null, el("span", "count", n + " of " + t.scanned),
          el("span", "title", c.title), el("span", "why", c.explanation));
      }) : [el("li", "none", "Nothing unlocked yet.")]));
    }
    const notes = [];
    if (t.limited && t.limited.length) notes.push(t.limited.join(", ") + " is limiting checks from this network, so some results are missing it.");
    if (t.incomplete) notes.push(t.incomplete + (t.incomplete === 1 ? " check" : " checks") + " could not look at every network.");
    say($("notes"), notes.join(" "));
  }

  const source = new EventSource("/room/events?key=" + encodeURIComponent(key));
  source.addEventListener("state", (ev) => { document.body.dataset.live = "1"; render(JSON.parse(ev.data)); });
  source.onerror = () => { document.body.dataset.live = "0"; say($("notes"), "Lost contact with the room. Is footprint still running?"); };
})();
