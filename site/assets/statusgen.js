/* statusgen: the 90-day bars. Each day is focusable and labelled in its aria-label;
   this shows the focused or hovered day's label under its bar, and lets the arrow keys
   move between days (Home/End: first/last). Without JavaScript the title attribute and
   the aria-label still carry every figure. */
(function () {
  "use strict";

  function readout(day) {
    var bars = day.closest("[data-sg-bars]");
    if (!bars) return;
    var out = bars.querySelector("[data-sg-readout]");
    if (out) out.textContent = day.getAttribute("aria-label");
  }

  function visibleDays(list) {
    return Array.prototype.filter.call(list.querySelectorAll(".sg-day"), function (el) {
      return el.offsetParent !== null;
    });
  }

  document.addEventListener("focusin", function (event) {
    var day = event.target.closest && event.target.closest(".sg-bars .sg-day");
    if (day) readout(day);
  });
  document.addEventListener("mouseover", function (event) {
    var day = event.target.closest && event.target.closest(".sg-bars .sg-day");
    if (day) readout(day);
  });
  document.addEventListener("keydown", function (event) {
    var day = event.target.closest && event.target.closest(".sg-bars .sg-day");
    if (!day) return;
    var days = visibleDays(day.parentNode);
    var index = days.indexOf(day);
    var next = null;
    if (event.key === "ArrowRight") next = days[index + 1];
    else if (event.key === "ArrowLeft") next = days[index - 1];
    else if (event.key === "Home") next = days[0];
    else if (event.key === "End") next = days[days.length - 1];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });
})();
