// ECharts, tree-shaken: only the core, the bar chart, the grid/tooltip/aria components and the canvas
// renderer (the full build would add ~1 MB). Loaded on demand by ScoreChart.vue (its own chunk).
import { BarChart, type BarSeriesOption } from 'echarts/charts'
import { AriaComponent, GridComponent, TooltipComponent, type AriaComponentOption, type GridComponentOption, type TooltipComponentOption } from 'echarts/components'
import { init, use, type ComposeOption, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, GridComponent, TooltipComponent, AriaComponent, CanvasRenderer])

export type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | AriaComponentOption>
export type { ECharts }
export { init }
