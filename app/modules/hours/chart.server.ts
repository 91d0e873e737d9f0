import * as echarts from "echarts";

/**
 * The hours distribution as an SVG string rendered on the server (ECharts SSR), so the chart is
 * in the HTML, works without JavaScript and ships no chart code to the browser.
 */
export function renderDistributionSvg(input: { labels: string[]; values: number[]; title: string; width?: number; height?: number }): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: input.width ?? 640, height: input.height ?? 280 });
  chart.setOption({
    animation: false,
    aria: { enabled: true, label: { description: input.title } },
    grid: { left: 48, right: 16, top: 24, bottom: 40 },
    xAxis: { type: "category", data: input.labels, axisLabel: { fontSize: 12, interval: 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      {
        type: "bar",
        data: input.values.map((value, i) => ({ value, itemStyle: { color: i === input.values.length - 1 ? "#15803d" : "#a31515" } })),
        label: { show: true, position: "top" },
        barMaxWidth: 64,
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
