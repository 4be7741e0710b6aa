// The scorecard's horizontal bar chart as an ECharts option (pure, so it is tested without a canvas): one bar
// per unit in rank order (the best on top), the total in points at the bar's end.
import { oneDecimal } from '@/utils/decimal'
import { points } from './logic'

export interface ChartRow {
  unitName: string
  total: string
}

export function barOption(rows: ChartRow[], opts: { seriesName: string; description: string }) {
  // ECharts draws the first category at the bottom of a vertical category axis: reverse for best-on-top.
  const ordered = [...rows].reverse()
  return {
    aria: { enabled: true, label: { description: opts.description } },
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
    xAxis: { type: 'value' as const, axisLabel: { color: '#303133' } },
    yAxis: {
      type: 'category' as const,
      data: ordered.map((r) => r.unitName),
      axisLabel: { color: '#303133', width: 110, overflow: 'truncate' as const },
    },
    series: [
      {
        name: opts.seriesName,
        type: 'bar' as const,
        data: ordered.map((r) => points(r.total)),
        itemStyle: { color: '#1a66c9' },
        label: { show: true, position: 'right' as const, color: '#303133', formatter: (p: { value: unknown }) => oneDecimal(Number(p.value)) },
        barMaxWidth: 22,
      },
    ],
  }
}

// Height in px for n bars: ~28 px each, 160 at least.
export function chartHeight(n: number): number {
  return Math.max(160, n * 28 + 40)
}
