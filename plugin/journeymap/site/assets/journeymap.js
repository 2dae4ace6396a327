/* journeymap: chart points by keyboard, and their date and value shown on focus and hover.
   Each chart has one tab stop (the latest value); arrow keys move along a line (left,
   right), between lines (up, down), to its ends (Home, End). Listeners sit on the
   document, so they keep working when Material's instant navigation swaps the page. */
(() => {
  "use strict";
  const POINT = "figure.jm-chart svg .series > circle";

  const tipOf = (figure) => {
    let tip = figure.querySelector(".jm-tip");
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "jm-tip";
      tip.setAttribute("aria-hidden", "true"); // the point's own title is what is announced
      figure.append(tip);
    }
    return tip;
  };

  const show = (point) => {
    const figure = point.closest("figure");
    const tip = tipOf(figure);
    tip.textContent = point.querySelector("title").textContent;
    const at = point.getBoundingClientRect();
    const frame = figure.getBoundingClientRect();
    tip.style.left = `${at.left + at.width / 2 - frame.left}px`;
    tip.style.top = `${at.top - frame.top}px`;
    tip.hidden = false;
  };

  const hide = (point) => {
    const tip = point.closest("figure").querySelector(".jm-tip");
    if (tip && document.activeElement !== point) tip.hidden = true;
  };

  const nearest = (points, x) =>
    points.reduce((best, p) => (Math.abs(p.cx.baseVal.value - x) < Math.abs(best.cx.baseVal.value - x) ? p : best));

  const target = (point, key) => {
    const line = [...point.parentNode.querySelectorAll(":scope > circle")];
    const index = line.indexOf(point);
    if (key === "ArrowLeft") return line[index - 1];
    if (key === "ArrowRight") return line[index + 1];
    if (key === "Home") return line[0];
    if (key === "End") return line[line.length - 1];
    if (key !== "ArrowUp" && key !== "ArrowDown") return undefined;
    const lines = [...point.closest("svg").querySelectorAll(".series")].filter((g) => g.querySelector(":scope > circle"));
    const other = lines[lines.indexOf(point.parentNode) + (key === "ArrowDown" ? 1 : -1)];
    return other && nearest([...other.querySelectorAll(":scope > circle")], point.cx.baseVal.value);
  };

  document.addEventListener("keydown", (event) => {
    const point = event.target;
    if (!(point instanceof SVGElement) || !point.matches(POINT)) return;
    const next = target(point, event.key);
    if (!next) return;
    event.preventDefault();
    point.setAttribute("tabindex", "-1");
    next.setAttribute("tabindex", "0"); // the chart's tab stop stays where the reader left it
    next.setAttribute("role", "img");
    next.focus();
  });
  document.addEventListener("focusin", (event) => {
    if (event.target instanceof SVGElement && event.target.matches(POINT)) show(event.target);
  });
  document.addEventListener("focusout", (event) => {
    if (event.target instanceof SVGElement && event.target.matches(POINT)) {
      event.target.closest("figure").querySelector(".jm-tip").hidden = true;
    }
  });
  document.addEventListener("pointerover", (event) => {
    if (event.target instanceof SVGElement && event.target.matches(POINT)) show(event.target);
  });
  document.addEventListener("pointerout", (event) => {
    if (event.target instanceof SVGElement && event.target.matches(POINT)) hide(event.target);
  });
})();
