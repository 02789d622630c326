// Articles per month as bars: all articles, and the twinning ones in front of them.
"use strict";
const SVG_NS = "http://www.w3.org/2000/svg";

function node(name, attributes) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

function drawTimeline(figure, data) {
  const months = data.months;
  const width = 900, height = 260, left = 40, bottom = 40, top = 10;
  const most = Math.max(1, ...months.map((month) => month.articles));
  const step = (width - left) / Math.max(1, months.length);
  const scale = (count) => ((height - bottom - top) * count) / most;
  const svg = node("svg", {viewBox: `0 0 ${width} ${height}`, class: "timeline-drawing", role: "img"});
  const title = node("title", {});
  title.textContent = `Articles per month, ${months.length} months`;
  svg.appendChild(title);
  svg.appendChild(node("line", {x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: "axis"}));
  const top_label = node("text", {x: left - 4, y: top + 10, "text-anchor": "end", class: "tick"});
  top_label.textContent = String(most);
  svg.appendChild(top_label);
  months.forEach((month, index) => {
    const x = left + index * step + 1, barWidth = Math.max(1, step - 2);
    for (const [kind, count] of [["all", month.articles], ["twinning", month.twinning]]) {
      const bar = node("rect", {x, width: barWidth, y: height - bottom - scale(count), height: scale(count),
                                class: `bar ${kind}`, "data-month": month.month});
      const tip = node("title", {});
      tip.textContent = `${month.month}: ${month.articles} articles, ${month.twinning} twinning`;
      bar.appendChild(tip);
      svg.appendChild(bar);
    }
    if (index % Math.ceil(months.length / 12) === 0) {
      const label = node("text", {x: x + barWidth / 2, y: height - bottom + 16, "text-anchor": "middle", class: "tick"});
      label.textContent = month.month;
      svg.appendChild(label);
    }
  });
  figure.replaceChildren(svg);
  const note = document.createElement("figcaption");
  note.textContent = `Dark: twinning news; light: all articles. ${data.undated} undated articles not shown.`;
  figure.appendChild(note);
  figure.dataset.drawn = String(months.length);
}

document.addEventListener("DOMContentLoaded", async () => {
  for (const figure of document.querySelectorAll("figure.timeline")) {
    const response = await fetch(figure.dataset.source);
    const data = await response.json();
    if (!response.ok) figure.textContent = data.error;
    else if (!data.months.length) figure.textContent = "No dated article matches these filters.";
    else drawTimeline(figure, data);
  }
});
