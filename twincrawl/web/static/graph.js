// The twin-pair graph: cities on a circle (sized by articles), pairs as lines; each city links to its page.
"use strict";
const SVG = "http://www.w3.org/2000/svg";

function svgElement(name, attributes) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

function drawGraph(figure, data) {
  const size = 720, middle = size / 2, ring = size / 2 - 110;
  const svg = svgElement("svg", {viewBox: `0 0 ${size} ${size}`, class: "graph-drawing", role: "img"});
  const title = svgElement("title", {});
  title.textContent = `${data.nodes.length} cities, ${data.edges.length} twin pairs`;
  svg.appendChild(title);
  const most = Math.max(1, ...data.nodes.map((node) => node.articles));
  const where = new Map();
  data.nodes.forEach((node, index) => {
    const angle = (2 * Math.PI * index) / Math.max(1, data.nodes.length);
    where.set(node.id, [middle + ring * Math.cos(angle), middle + ring * Math.sin(angle), angle]);
  });
  for (const edge of data.edges) {
    const [x1, y1] = where.get(edge.source) || [middle, middle];
    const [x2, y2] = where.get(edge.target) || [middle, middle];
    const line = svgElement("line", {x1, y1, x2, y2, class: "edge", "stroke-width": 1 + Math.log2(edge.articles)});
    const tip = svgElement("title", {});
    tip.textContent = `${edge.articles} articles`;
    line.appendChild(tip);
    svg.appendChild(line);
  }
  for (const node of data.nodes) {
    const [x, y, angle] = where.get(node.id);
    const link = svgElement("a", {href: `/city/${encodeURIComponent(node.id)}`, class: "node"});
    link.appendChild(svgElement("circle", {cx: x, cy: y, r: 4 + 14 * Math.sqrt(node.articles / most)}));
    const outward = Math.cos(angle) >= 0;
    const label = svgElement("text", {
      x: x + (outward ? 20 : -20), y: y + 4, "text-anchor": outward ? "start" : "end",
    });
    label.textContent = `${node.name} (${node.articles})`;
    link.appendChild(label);
    svg.appendChild(link);
  }
  figure.replaceChildren(svg);
  const caption = document.createElement("figcaption");
  caption.textContent = `${data.nodes.length} of ${data.cities} cities in twin pairs (the most written about), ` +
    `${data.edges.length} pairs, from ${data.articles} articles.`;
  figure.appendChild(caption);
  figure.dataset.drawn = String(data.nodes.length);
}

document.addEventListener("DOMContentLoaded", async () => {
  const figure = document.getElementById("graph");
  if (!figure) return;
  const response = await fetch(figure.dataset.source);
  const data = await response.json();
  if (!response.ok) {
    figure.textContent = data.error;
    return;
  }
  if (!data.nodes.length) figure.textContent = "No twin pair is stated in the articles these filters match.";
  else drawGraph(figure, data);
});
