/* Keyboard use of the dashboard's tables (Dash's DataTable leaves two gaps):
 * - its sort and hide buttons are plain <span>s: make them buttons a keyboard can reach and press;
 * - it swallows the Tab key once focus is anywhere inside a table (a keyboard trap): outside the cells
 *   being edited, Tab moves on to the next control as everywhere else. */
(function () {
  "use strict";
  function label(span, verb) {
    var th = span.closest("th");
    var column = th ? (th.innerText || "").trim() : "";
    return verb + (column ? " " + column : " this column");
  }
  function enhance(root) {
    root.querySelectorAll(".column-header--sort:not([tabindex]), .column-header--hide:not([tabindex])")
      .forEach(function (span) {
        span.setAttribute("tabindex", "0");
        span.setAttribute("role", "button");
        span.setAttribute("aria-label", label(span, span.classList.contains("column-header--sort")
          ? "Sort by" : "Hide"));
      });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.closest(".dash-table-container")) { return; }
    if (event.key === "Tab" && !target.closest("td")) {
      event.stopPropagation();          /* the browser's own Tab, not the table's cell navigation */
    } else if ((event.key === "Enter" || event.key === " ") && target.matches(
        ".column-header--sort, .column-header--hide")) {
      event.preventDefault();
      event.stopPropagation();
      target.click();
    }
  }, true);
  new MutationObserver(function () { enhance(document); })
    .observe(document.documentElement, {childList: true, subtree: true});
})();
