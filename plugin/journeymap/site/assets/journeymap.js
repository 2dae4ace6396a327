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

  // A value as the page's language writes it (`4,2` in German); the data keeps `4.2`.
  const number = (value) => {
    try {
      const lang = document.documentElement.lang || "en";
      const format = new Intl.NumberFormat(lang, { maximumFractionDigits: 6, useGrouping: false });
      return format.format(Number(value));
    } catch {
      return value; // a language the browser does not know: as written
    }
  };

  const show = (svg, index) => {
    const { dates, xs, series, unit } = facts(svg);
    const at = Math.max(0, Math.min(dates.length - 1, index));
    where.set(svg, at);
    const { figure, tip, cursor } = parts(svg);
    const values = series
      .filter((s) => s.values[at] !== "-")
      .map((s) => `${s.label} ${number(s.values[at])}${unit}`);
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

/* journeymap: a printed map fits one sheet, whatever its height. The print stylesheet
   alone fits the poster to the sheet's width (and that is what prints without this
   script). Before printing, this measures the poster as it will print and, if it is
   taller than the sheet (or still wider), sets --jm-fit on it: the largest zoom at which
   it fits both ways, the poster being laid out 1/--jm-fit as wide so that its columns
   widen as its text shrinks. Listeners sit on the window, so a map reached by
   Material's instant navigation prints the same. */
(() => {
  "use strict";
  const PX_PER_MM = 96 / 25.4;
  const SLACK = 0.985; // rounding between this measure and the printed layout
  const STEPS = 7; // halvings between a zoom that fits and one that does not

  // A media query as it evaluates when printing: `print` rules apply, `screen` rules
  // don't; queries on features alone are left to the browser.
  const printed = (query) =>
    query
      .replace(/^(only\s+)?print\b/i, "all")
      .replace(/^not\s+screen\b/i, "all")
      .replace(/^(only\s+)?screen\b.*/i, "not all")
      .replace(/^not\s+print\b.*/i, "not all");

  // Lays the page out with its print rules (every same-origin stylesheet, as the
  // browser is about to print it); returns what puts the screen rules back.
  const layOutAsPrinted = () => {
    const changed = [];
    const swap = (media) => {
      const queries = [...media];
      const now = queries.map(printed);
      if (now.some((query, index) => query !== queries[index])) {
        changed.push([media, media.mediaText]);
        media.mediaText = now.join(", ");
      }
    };
    const visit = (rules) => {
      for (const rule of rules) {
        if (rule instanceof CSSMediaRule) swap(rule.media);
        if (rule.cssRules) visit(rule.cssRules);
      }
    };
    for (const sheet of document.styleSheets) {
      try {
        swap(sheet.media);
        visit(sheet.cssRules);
      } catch {
        // a stylesheet from elsewhere is not readable; the site itself has none
      }
    }
    return () => changed.reverse().forEach(([media, text]) => (media.mediaText = text));
  };

  const fitsAt = (poster, room, zoom) => {
    poster.style.setProperty("--jm-fit", String(zoom));
    const box = poster.getBoundingClientRect();
    const map = poster.querySelector("table").getBoundingClientRect(); // wider than the sheet?
    return box.height <= room && map.width <= box.width + 1;
  };

  const fit = (poster) => {
    const sheet = getComputedStyle(poster).getPropertyValue("--jm-sheet-height");
    const room = parseFloat(sheet) * PX_PER_MM * SLACK;
    if (!room || fitsAt(poster, room, 1)) return 1;
    let small = Math.min(1, room / poster.getBoundingClientRect().height);
    let large = 1;
    while (!fitsAt(poster, room, small) && small > 0.01) [large, small] = [small, small * 0.8];
    for (let step = 0; step < STEPS; step += 1) {
      const middle = (small + large) / 2;
      if (fitsAt(poster, room, middle)) small = middle;
      else large = middle;
    }
    return small;
  };

  addEventListener("beforeprint", () => {
    const poster = document.querySelector(".jm-poster");
    if (!poster) return;
    const restore = layOutAsPrinted();
    try {
      poster.style.setProperty("--jm-fit", String(fit(poster)));
    } finally {
      restore();
    }
  });

  addEventListener("afterprint", () => {
    document.querySelector(".jm-poster")?.style.removeProperty("--jm-fit");
  });
})();

/* journeymap: the action plan's filter. Rows and matrix points carry their journey,
   owner and status as data attributes; choosing in the filter hides the others, and says
   how many rows are left. The filter shows only once this script runs (the `jm-js` class):
   without script the page is the plain tables. */
(() => {
  "use strict";
  document.documentElement.classList.add("jm-js");

  const fits = (item, wanted) =>
    wanted.every(([key, value]) => !value || item.dataset[key] === (value === "-" ? "" : value));

  const apply = (filter) => {
    const wanted = [...filter.querySelectorAll("select")].map((s) => [s.name, s.value]);
    let shown = 0;
    let total = 0;
    for (const item of document.querySelectorAll("[data-journey][data-status]")) {
      const show = fits(item, wanted);
      item.style.display = show ? "" : "none";
      if (item.tagName === "TR") {
        total += 1;
        if (show) shown += 1;
      }
    }
    const filtered = wanted.some(([, value]) => value);
    // The page's words for it, with {shown} and {total} in the language's order.
    const output = filter.querySelector("output");
    const words = output.dataset.words || "{shown} of {total} shown";
    output.textContent = filtered
      ? words.replace("{shown}", String(shown)).replace("{total}", String(total))
      : "";
  };

  document.addEventListener("change", (event) => {
    const filter = event.target instanceof Element ? event.target.closest(".jm-filter") : null;
    if (filter) apply(filter);
  });
})();
