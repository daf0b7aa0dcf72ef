/* footprint: brings the report's picture to life from the JSON the page carries (data, never markup). */
"use strict";
(function () {
  const view = JSON.parse(document.getElementById("fp-data").textContent);
  const board = document.getElementById("board");
  Footprint.render(board, view, {});
  Footprint.meters(document, view.score, view.identity);
  window.addEventListener("beforeprint", () => Footprint.drawWires(board));
  window.addEventListener("afterprint", () => Footprint.drawWires(board));
})();
