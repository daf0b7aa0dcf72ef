/* footprint: brings the report's picture to life from the JSON the page carries (data, never markup). */
"use strict";
(function () {
  const view = JSON.parse(document.getElementById("fp-data").textContent);
  const board = document.getElementById("board");
  Footprint.render(board, view, {});
  Footprint.meters(document, view.score, view.identity, view.wording);
  // On paper nothing can be clicked open: print every "where this idea comes from", then close them again.
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details:not([open])")];
    opened.forEach((d) => { d.open = true; });
  });
  window.addEventListener("afterprint", () => {
    opened.forEach((d) => { d.open = false; });
    Footprint.drawWires(board);
  });
})();
