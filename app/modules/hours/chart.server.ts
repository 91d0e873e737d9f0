import * as echarts from "echarts";

/**
 * The hours distribution as an SVG string rendered on the server (ECharts SSR), so the chart is
 * in the HTML, works without JavaScript and ships no chart code to the browser.
 */
/** The two sizes the page offers (a <picture> picks by screen width); shown at these CSS pixels, never scaled down. */
export const CHART_SIZES = {
  wide: { width: 640, height: 280 },
  /** fits the card on a 360 px phone; horizontal bars so the band labels read at full size */
  phone: { width: 296, height: 260 },
} as const;

export function renderDistributionSvg(input: {
  labels: string[];
  values: number[];
  title: string;
  variant?: keyof typeof CHART_SIZES;
  width?: number;
  height?: number;
}): string {
  const size = CHART_SIZES[input.variant ?? "wide"];
  const chart = echarts.init(null, null, {
    renderer: "svg",
    ssr: true,
    width: input.width ?? size.width,
    height: input.height ?? size.height,
  });
  const colors = input.values.map((value, i) => ({ value, itemStyle: { color: i === input.values.length - 1 ? "#15803d" : "#a31515" } }));
  if (input.variant === "phone") {
    // Bands down the side, counts at the bar ends: 14 px text at 1:1 on a phone.
    chart.setOption({
      animation: false,
      aria: { enabled: true, label: { description: input.title } },
      grid: { left: 72, right: 40, top: 8, bottom: 8 },
      xAxis: { type: "value", minInterval: 1, show: false },
      yAxis: {
        type: "category",
        inverse: true,
        data: input.labels,
        axisLabel: { fontSize: 14, color: "#1c1917" },
        axisTick: { show: false },
      },
      series: [{ type: "bar", data: colors, label: { show: true, position: "right", fontSize: 14, color: "#1c1917" }, barMaxWidth: 28 }],
    });
    const svg = chart.renderToSVGString();
    chart.dispose();
    return svg;
  }
  chart.setOption({
    animation: false,
    aria: { enabled: true, label: { description: input.title } },
    grid: { left: 48, right: 16, top: 24, bottom: 40 },
    xAxis: { type: "category", data: input.labels, axisLabel: { fontSize: 12, interval: 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      {
        type: "bar",
        data: colors,
        label: { show: true, position: "top" },
        barMaxWidth: 64,
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
