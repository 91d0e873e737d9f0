import { describe, expect, it } from "vitest";
import { CHART_SIZES, renderDistributionSvg } from "./chart.server";

const labels = ["0–8", "8–16", "16–24", "24–32", "≥32"];
const values = [12, 5, 3, 2, 9];

/** Every font size in the SVG, in px. */
function fontSizes(svg: string): number[] {
  return [...svg.matchAll(/font(?:-size:\s*|:[^;"]*?\s)(\d+(?:\.\d+)?)px/g)].map((m) => Number(m[1]));
}

describe("the hours chart", () => {
  it("has a phone variant drawn at the width it is shown at on a 360 px phone, with labels of at least 13 px", () => {
    const svg = renderDistributionSvg({ labels, values, title: "学时分布", variant: "phone" });
    expect(svg).toContain(`width="${CHART_SIZES.phone.width}"`);
    expect(CHART_SIZES.phone.width).toBeLessThanOrEqual(300);
    for (const label of labels) expect(svg).toContain(label);
    for (const value of values) expect(svg).toContain(`>${value}<`);
    const sizes = fontSizes(svg);
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(13);
  });

  it("keeps the wide chart for larger screens", () => {
    const svg = renderDistributionSvg({ labels, values, title: "学时分布" });
    expect(svg).toContain(`width="${CHART_SIZES.wide.width}"`);
    for (const label of labels) expect(svg).toContain(label);
  });
});
