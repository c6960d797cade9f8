/* statusgen: the 90-day bars. Each day is a button labelled with its figures; selecting it
   (click, tap, Enter or Space) opens one popover under the bars listing that day's
   incidents and outages, with links. Escape, the close button, selecting the day again or
   clicking elsewhere closes it and focus returns to the day. The arrow keys move between
   days (Home/End: first/last); only one day per component is in the Tab order. Without
   JavaScript every day's label still carries its figures. */
(function () {
  "use strict";

  var open = null; // {bars, day, pop}

  function visibleDays(group) {
    return Array.prototype.filter.call(group.querySelectorAll(".sg-day"), function (el) {
      return el.offsetParent !== null;
    });
  }

  function rove(group, day) {
    Array.prototype.forEach.call(group.querySelectorAll(".sg-day"), function (el) {
      el.tabIndex = el === day ? 0 : -1;
    });
  }

  function place(bars, day, pop) {
    var box = bars.getBoundingClientRect();
    var at = day.getBoundingClientRect();
    var width = pop.offsetWidth;
    var left = at.left + at.width / 2 - box.left - width / 2;
    left = Math.max(0, Math.min(left, box.width - width));
    pop.style.left = left + "px";
    pop.style.setProperty("--sg-pop-arrow", (at.left + at.width / 2 - box.left - left) + "px");
  }

  function paragraph(cls, text) {
    var p = document.createElement("p");
    if (cls) p.className = cls;
    p.textContent = text;
    return p;
  }

  function words(pop, name, english) {
    var text = pop.getAttribute("data-sg-" + name);
    return text === null ? english : text;
  }

  function close(returnFocus) {
    if (!open) return;
    var current = open;
    open = null;
    current.pop.hidden = true;
    current.day.setAttribute("aria-expanded", "false");
    if (returnFocus) current.day.focus();
  }

  function show(day) {
    var bars = day.closest("[data-sg-bars]");
    var pop = bars.querySelector(".sg-pop");
    var source = bars.querySelector('template[data-sg-day="' + day.getAttribute("data-sg-day") + '"]');
    if (!pop) return;
    close(false);
    var body = pop.querySelector("[data-sg-body]");
    var label = day.getAttribute("aria-label");
    var cut = label.indexOf(": ");
    if (source) {
      pop.querySelector(".sg-pop__title").textContent = source.getAttribute("data-sg-title");
      body.replaceChildren(source.content.cloneNode(true));
    } else {
      // a quiet day has no template: its label ("23 Aug 2026: 100%, no downtime") says it
      // all, in the page's language (the popover carries the words)
      var figures = label.slice(cut + 2);
      pop.querySelector(".sg-pop__title").textContent = label.slice(0, cut);
      body.replaceChildren(
        paragraph("sg-pop__figures", figures === words(pop, "no-data", "no data")
          ? words(pop, "no-data-day", "No monitoring data all day.")
          : words(pop, "uptime", "Uptime %s.").replace("%s", figures)),
        paragraph("", words(pop, "quiet", "No incidents reported."))
      );
    }
    pop.hidden = false;
    place(bars, day, pop);
    day.setAttribute("aria-expanded", "true");
    rove(day.parentNode, day);
    open = { bars: bars, day: day, pop: pop };
    pop.focus();
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var day = target.closest && target.closest("[data-sg-bars] .sg-day");
    if (day) {
      if (open && open.day === day) close(true);
      else show(day);
      return;
    }
    if (target.closest && target.closest(".sg-pop__close")) {
      close(true);
      return;
    }
    if (open && !open.pop.contains(target)) close(false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) {
      event.preventDefault();
      close(true);
      return;
    }
    var day = event.target.closest && event.target.closest("[data-sg-bars] .sg-day");
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
      rove(day.parentNode, next);
      next.focus();
    }
  });

  // focus leaving an open popover (Tab past its last link) closes it
  document.addEventListener("focusin", function (event) {
    if (open && !open.pop.contains(event.target) && event.target !== open.day) close(false);
  });

  window.addEventListener("resize", function () {
    if (open) place(open.bars, open.day, open.pop);
  });

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-sg-bars]"), function (bars) {
      var pop = bars.querySelector(".sg-pop");
      var group = bars.querySelector(".sg-bars__days");
      if (!pop || !group) return;
      // each day opens the popover: said here, once, rather than in every day's markup
      Array.prototype.forEach.call(group.querySelectorAll(".sg-day"), function (day) {
        day.type = "button";
        day.setAttribute("aria-haspopup", "dialog");
        day.setAttribute("aria-expanded", "false");
        day.setAttribute("aria-controls", pop.id);
      });
      var days = visibleDays(group);
      if (days.length) rove(group, days[days.length - 1]);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
