/* journeymap: every value of a chart, shown on hover and reached by keyboard.
   A chart is one tab stop; once focused, Left and Right step from snapshot to snapshot
   (Home and End to the first and the last) and the tip reads out the date and each
   segment's value. The chart carries its dates and values as data attributes (see
   charts.py). Listeners sit on the document, so charts keep working when Material's
   instant navigation swaps the page. */
(() => {
  "use strict";
  const CHART = "figure.jm-chart svg[data-dates]";
  const where = new WeakMap(); // chart -> index of the snapshot shown

  const facts = (svg) => {
    const dates = svg.dataset.dates.split(" ");
    const [left, width] = svg.dataset.plot.split(" ").map(Number);
    const first = Date.parse(dates[0]);
    const span = Date.parse(dates[dates.length - 1]) - first;
    const xs = dates.map((d) => (span ? left + ((Date.parse(d) - first) / span) * width : left + width / 2));
    const series = [...svg.querySelectorAll("g[data-values]")].map((g) => ({
      label: g.dataset.label,
      values: g.dataset.values.split(" "),
    }));
    return { dates, xs, series, unit: svg.dataset.unit };
  };

  const parts = (svg) => {
    const figure = svg.closest("figure");
    let tip = figure.querySelector(".jm-tip");
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "jm-tip";
      tip.setAttribute("role", "status"); // read out as the reader steps through the values
      figure.append(tip);
      const cursor = document.createElementNS("http://www.w3.org/2000/svg", "line");
      cursor.setAttribute("class", "jm-cursor");
      cursor.setAttribute("y1", "0");
      cursor.setAttribute("y2", svg.viewBox.baseVal.height);
      svg.append(cursor);
    }
    return { figure, tip, cursor: svg.querySelector(".jm-cursor") };
  };

  const show = (svg, index) => {
    const { dates, xs, series, unit } = facts(svg);
    const at = Math.max(0, Math.min(dates.length - 1, index));
    where.set(svg, at);
    const { figure, tip, cursor } = parts(svg);
    const values = series
      .filter((s) => s.values[at] !== "-")
      .map((s) => `${s.label} ${s.values[at]}${unit}`);
    tip.textContent = `${dates[at]}: ${values.join(", ")}`;
    cursor.setAttribute("x1", xs[at]);
    cursor.setAttribute("x2", xs[at]);
    cursor.style.display = "";
    const box = svg.getBoundingClientRect();
    const frame = figure.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    tip.hidden = false;
    // Centred above the snapshot, and kept inside the figure (never widening the page).
    const centre = box.left - frame.left + xs[at] * scale;
    const room = Math.max(0, frame.width - tip.offsetWidth);
    tip.style.left = `${Math.min(room, Math.max(0, centre - tip.offsetWidth / 2))}px`;
    tip.style.top = `${box.top - frame.top - tip.offsetHeight - 4}px`;
  };

  const hide = (svg) => {
    if (document.activeElement === svg) return;
    const tip = svg.closest("figure").querySelector(".jm-tip");
    if (tip) tip.hidden = true;
    const cursor = svg.querySelector(".jm-cursor");
    if (cursor) cursor.style.display = "none";
  };

  const chartOf = (target) => (target instanceof Element ? target.closest(CHART) : null);

  document.addEventListener("focusin", (event) => {
    const svg = chartOf(event.target);
    if (svg) show(svg, where.get(svg) ?? facts(svg).dates.length - 1); // the latest first
  });
  document.addEventListener("focusout", (event) => {
    const svg = chartOf(event.target);
    if (svg) setTimeout(() => hide(svg));
  });
  document.addEventListener("keydown", (event) => {
    const svg = chartOf(event.target);
    if (!svg) return;
    const last = facts(svg).dates.length - 1;
    const now = where.get(svg) ?? last;
    const step = { ArrowLeft: now - 1, ArrowRight: now + 1, Home: 0, End: last }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    show(svg, step);
  });
  document.addEventListener("pointermove", (event) => {
    const svg = chartOf(event.target);
    if (!svg) return;
    const { xs } = facts(svg);
    const box = svg.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * svg.viewBox.baseVal.width;
    let nearest = 0;
    xs.forEach((at, index) => {
      if (Math.abs(at - x) < Math.abs(xs[nearest] - x)) nearest = index;
    });
    if (nearest !== where.get(svg) || svg.closest("figure").querySelector(".jm-tip")?.hidden) show(svg, nearest);
  });
  document.addEventListener("pointerout", (event) => {
    const svg = chartOf(event.target);
    if (svg && !svg.contains(event.relatedTarget)) hide(svg);
  });
})();
