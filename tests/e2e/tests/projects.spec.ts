// 项目管理 (issue 4) in the browser, as the demo town's office: the import template from the UI, a file with
// three bad rows refused with a problem list and a downloadable error report, the corrected file imported
// for a new year and shown in the list and on the public project page; then a progress report with a photo
// from a 360 px phone that appears on the public page. axe-core on the list and the detail page.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Download, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { inflateRawSync } from 'node:zlib'
import { DEMO_PASSWORD } from '../server'
import { BASE, login, watchErrors } from './helpers'
import { ooxmlKind } from './ooxml'

test.describe.configure({ mode: 'serial' })

const YEAR = 2021 // the demo town has 2020 only
const HEADERS = ['编号', '项目名称', '类别', '牵头单位', '配合单位', '年度变化', '计划投资（万元）', '受益人数', '建设地点', '纬度', '经度', '坐标系', '目标任务', '政策内容', '通俗解读']
const CODE = `${YEAR}-91` // the project that gets the progress report

async function expectAccessible(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)} => ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`).join(' || ')})`), what).toEqual([])
}

async function expectFits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(361)
}

// ---- a tiny XLSX (zip) reader: enough to read the template's header row ----

function unzip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (eocd < 0) throw new Error('not a zip file')
  const count = buf.readUInt16LE(eocd + 10)
  let off = buf.readUInt32LE(eocd + 16)
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(off) !== 0x02014b50) throw new Error('bad central directory')
    const method = buf.readUInt16LE(off + 10)
    const size = buf.readUInt32LE(off + 20)
    const nameLen = buf.readUInt16LE(off + 28)
    const extraLen = buf.readUInt16LE(off + 30)
    const commentLen = buf.readUInt16LE(off + 32)
    const local = buf.readUInt32LE(off + 42)
    const name = buf.toString('utf8', off + 46, off + 46 + nameLen)
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(start, start + size)
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data))
    off += 46 + nameLen + extraLen + commentLen
  }
  return out
}

const xmlText = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

// Row 1 of the first sheet, as text.
function headerRow(xlsx: Buffer): string[] {
  const files = unzip(xlsx)
  const shared = [...(files.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => xmlText(t[1])).join(''),
  )
  const sheet = files.get('xl/worksheets/sheet1.xml')!.toString('utf8')
  const row = /<row[^>]*\br="1"[^>]*>([\s\S]*?)<\/row>/.exec(sheet)![1]
  return [...row.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((c) => {
    const attrs = c[1]
    const body = c[2] ?? ''
    if (/\bt="s"/.test(attrs)) return shared[Number(/<v>(\d+)<\/v>/.exec(body)![1])]
    if (/\bt="inlineStr"/.test(attrs)) return [...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => xmlText(t[1])).join('')
    return xmlText(/<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? '')
  })
}

// ---- the file the office fills in ----

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
// UTF-8 with a BOM, as Excel/WPS save "CSV UTF-8".
const csv = (header: string[], rows: Record<string, string>[]) =>
  Buffer.from('\uFEFF' + [header, ...rows.map((r) => header.map((h) => r[h.replace(/[*＊\s]/g, '')] ?? ''))].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8')

const good = (code: string, name: string, over: Record<string, string> = {}) => ({
  编号: code,
  项目名称: name,
  类别: '工程类',
  牵头单位: '农业综合服务中心',
  配合单位: '东风村、红旗村',
  年度变化: '新增',
  '计划投资（万元）': '125.5',
  受益人数: '1200',
  建设地点: '民生镇东风村',
  纬度: '31.9254',
  经度: '117.2909',
  坐标系: 'CGCS2000',
  目标任务: '农村户厕改造：120户；资源化利用站：2个',
  政策内容: '按照“先建后补、以奖代补”的原则实施。',
  通俗解读: '改厕每户补助 1000 元，找村里报名。',
  ...over,
})
const GOOD = [good(CODE, 'E2E农村改厕示范'), good(`${YEAR}-92`, 'E2E饮水安全巩固', { 类别: '服务类', 牵头单位: '卫生院', 配合单位: '', 纬度: '', 经度: '', 坐标系: '' })]
// Three rows with exactly one mistake each (row numbers 4, 5, 6: the header is row 1).
const BAD = [
  good(`${YEAR}-93`, 'E2E学生资助', { 类别: '其他类' }),
  good(`${YEAR}-94`, 'E2E文化惠民', { 牵头单位: '不存在的单位' }),
  good(`${YEAR}-95`, 'E2E道路提升', { '计划投资（万元）': '一百万' }),
]
const FIXED = [good(`${YEAR}-93`, 'E2E学生资助', { 类别: '补助类' }), good(`${YEAR}-94`, 'E2E文化惠民', { 牵头单位: '卫生院' }), good(`${YEAR}-95`, 'E2E道路提升', { '计划投资（万元）': '80' })]

async function saved(download: Download): Promise<Buffer> {
  return readFileSync((await download.path())!)
}

async function openProjects(page: Page) {
  await login(page, 'office', DEMO_PASSWORD)
  await expect(page).toHaveURL(/\/admin\/(users|projects)/)
  await page.goto(`${BASE()}/admin/projects`)
  await expect(page.locator('.el-table__body tr').first()).toBeVisible()
}

let templateHeader: string[] = []

test('the office imports a year: template, refused file with problems and error report, corrected file, list and public page', async ({ page }) => {
  const errors = watchErrors(page)
  await login(page, 'office', DEMO_PASSWORD)
  await expect(page).toHaveURL(/\/admin\//)
  const nav = page.getByRole('navigation', { name: '主菜单' })
  await expect(nav.getByText('项目管理')).toBeVisible()
  await nav.getByRole('link', { name: '项目清单' }).click()
  await expect(page).toHaveURL(/\/admin\/projects$/)
  await expect(page.locator('.el-table__body tr').first()).toBeVisible()
  await expectAccessible(page, 'project list')

  // The template, downloaded through the toolbar button; its header row is the one we fill in.
  const tpl = page.waitForEvent('download')
  await page.locator('[data-test="template"]').click()
  const template = await tpl
  expect(template.suggestedFilename()).toMatch(/\.xlsx$/)
  templateHeader = headerRow(await saved(template))
  expect(templateHeader.map((h) => h.replace(/[*＊\s]/g, ''))).toEqual(HEADERS)

  // A file with three bad rows among good ones: nothing imported, the problems listed.
  await page.locator('[data-test="import"]').click()
  const dialog = page.getByRole('dialog', { name: '导入项目清单' })
  await expect(dialog).toBeVisible()
  await dialog.locator('.import-upload input[type="file"]').setInputFiles({ name: `项目清单-${YEAR}.csv`, mimeType: 'text/csv', buffer: csv(templateHeader, [...GOOD, ...BAD]) })
  await dialog.locator('#import-year').fill(String(YEAR))
  await dialog.locator('#import-year').blur()
  await dialog.locator('[data-test="import-submit"]').click()
  const problems = dialog.locator('[data-test="import-problems"]')
  await expect(problems).toBeVisible()
  await expect(problems).toContainText('共发现 3 处错误')
  const rows = dialog.locator('[data-test="problem-table"] .el-table__body tr')
  await expect(rows).toHaveCount(3)
  await expect(rows.nth(0)).toContainText('类别')
  await expect(rows.nth(0)).toContainText('其他类')
  await expect(rows.nth(1)).toContainText('不存在的单位')
  await expect(rows.nth(2)).toContainText('一百万')
  for (const [i, row] of ['4', '5', '6'].entries()) await expect(rows.nth(i).locator('td').first()).toHaveText(row)

  // The error report: the same file posted again, an .xlsx comes back.
  const rep = page.waitForEvent('download')
  await dialog.locator('[data-test="import-report"]').click()
  const report = await rep
  expect(report.suggestedFilename()).toMatch(/\.xlsx$/)
  const reportBytes = await saved(report)
  expect(ooxmlKind(reportBytes), 'the error report').toBe('xlsx')
  expect(headerRow(reportBytes)).toContain('错误原因')

  // Nothing was saved: the year has no projects yet.
  const before = await page.request.get(`${BASE()}/api/v1/projects/years`)
  expect((await before.json()).years).not.toContain(YEAR)

  // The corrected file (a second choice replaces the first).
  await dialog.locator('.import-upload input[type="file"]').setInputFiles({ name: `项目清单-${YEAR}-改.csv`, mimeType: 'text/csv', buffer: csv(templateHeader, [...GOOD, ...FIXED]) })
  await expect(problems).toHaveCount(0)
  await dialog.locator('[data-test="import-check"]').click()
  await expect(dialog.locator('[data-test="import-checked"]')).toContainText('将新增 5 个')
  await dialog.locator('[data-test="import-submit"]').click()
  await expect(page.getByText('导入成功：新增 5 个，更新 0 个项目')).toBeVisible()
  await expect(dialog).toBeHidden()

  // The list switched to the new year and shows them.
  await expect(page.locator('[data-test="year"]')).toContainText(String(YEAR))
  const list = page.locator('.el-table__body-wrapper tbody tr')
  await expect(list).toHaveCount(5)
  for (const r of [...GOOD, ...FIXED]) await expect(page.locator('.el-table__body-wrapper')).toContainText(r.项目名称)
  const first = page.locator('.el-table__body-wrapper tbody tr', { hasText: CODE })
  await expect(first).toContainText('125.50')
  await expect(first).toContainText('农业综合服务中心')

  // A one-character search finds by name.
  await page.locator('input[data-test="keyword"]').fill('饮')
  await page.locator('[data-test="search"]').click()
  await expect(list).toHaveCount(1)
  await expect(list.first()).toContainText('E2E饮水安全巩固')

  // The public page of one of them (no session needed).
  const portal = await page.context().browser()!.newContext()
  const pub = await portal.newPage()
  const res = await pub.goto(`${BASE()}/p/${encodeURIComponent(CODE)}`)
  expect(res?.status()).toBe(200)
  await expect(pub.locator('body')).toContainText('E2E农村改厕示范')
  await portal.close()
  expect(errors).toEqual([])
})

test('the detail page shows every part and passes axe', async ({ page }) => {
  test.skip(!templateHeader.length, 'needs the import of the previous test')
  const errors = watchErrors(page)
  await openProjects(page)
  await page.locator('input[data-test="keyword"]').fill(CODE)
  await page.locator('[data-test="search"]').click()
  const row = page.locator('.el-table__body-wrapper tbody tr', { hasText: CODE })
  await expect(row).toHaveCount(1)
  await row.locator('[data-test="row-view"]').click()
  await expect(page).toHaveURL(/\/admin\/projects\/\d+$/)
  await expect(page.getByRole('heading', { name: 'E2E农村改厕示范' })).toBeVisible()
  await expect(page.locator('[data-test="policy-html"]')).toContainText('先建后补')
  await expect(page.locator('[data-test="plain-html"]')).toContainText('找村里报名')
  await expect(page.locator('[data-test="location"]')).toContainText('31.925400')
  await expect(page.getByText('农村户厕改造', { exact: true })).toBeVisible()
  await expect(page.getByText('东风村、红旗村')).toBeVisible()
  await expect(page.getByText('暂无进展记录')).toBeVisible()
  await expectAccessible(page, 'project detail')
  expect(errors).toEqual([])
})

test.describe('360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })

  test('a progress report with a photo from the camera appears on the public page', async ({ page }) => {
    test.skip(!templateHeader.length, 'needs the import of the first test')
    const errors = watchErrors(page)
    await openProjects(page)
    await expectFits(page)
    await page.locator('input[data-test="keyword"]').fill(CODE)
    await page.locator('[data-test="search"]').click()
    const row = page.locator('.el-table__body-wrapper tbody tr', { hasText: CODE })
    await expect(row).toHaveCount(1)
    await row.locator('[data-test="row-report"]').click()
    await expect(page).toHaveURL(/\/admin\/projects\/\d+\/progress$/)
    await expect(page.getByRole('heading', { name: '填报进展' })).toBeVisible()
    await expectFits(page)

    // Today by default; progress, cumulative funds (万元), status and a note.
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
    await expect(page.locator('#progress-date')).toHaveValue(today)
    await page.locator('#progress-pct').fill('40')
    await page.locator('#progress-pct').blur()
    await page.locator('#progress-funds').fill('30.5')
    const NOTE = `E2E 完成 48 户改厕（${Date.now() % 100000}）`
    await page.locator('#progress-note').fill(NOTE)

    // A photo "from the camera": a JPEG drawn by the browser itself.
    const jpeg = Buffer.from(
      await page.evaluate(() => {
        const c = document.createElement('canvas')
        c.width = 320
        c.height = 240
        const g = c.getContext('2d')!
        g.fillStyle = '#3a6fb0'
        g.fillRect(0, 0, 320, 240)
        g.fillStyle = '#f5c542'
        g.fillRect(40, 60, 120, 90)
        return c.toDataURL('image/jpeg', 0.8).split(',')[1]
      }),
      'base64',
    )
    const camera = page.locator('[data-test="photo-input"]')
    await expect(camera).toHaveAttribute('capture', 'environment')
    await expect(camera).toHaveAttribute('accept', 'image/*')
    await camera.setInputFiles({ name: 'IMG_20210506.jpg', mimeType: 'image/jpeg', buffer: jpeg })
    const done = page.locator('[data-test="photo-done"]')
    await expect(done).toHaveCount(1)
    await expect.poll(() => done.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    // A second photo, removed again before saving.
    await camera.setInputFiles({ name: 'IMG_extra.jpg', mimeType: 'image/jpeg', buffer: jpeg })
    await expect(done).toHaveCount(2)
    await done.nth(1).locator('[data-test="photo-remove"]').click()
    await expect(done).toHaveCount(1)
    await done.first().getByRole('textbox').fill('东风村改厕现场')
    // Large touch targets, nothing wider than the phone.
    for (const target of [page.locator('[data-test="photo-camera"]'), page.locator('[data-test="progress-save"]'), done.first().locator('[data-test="photo-remove"]')]) {
      const box = (await target.boundingBox())!
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44)
    }
    await expectFits(page)

    await page.locator('[data-test="progress-save"]').click()
    await expect(page.getByText('进展已保存')).toBeVisible()
    await expect(page).toHaveURL(/\/admin\/projects\/\d+$/)
    const item = page.locator('[data-test="timeline-item"]').first()
    await expect(item).toContainText(NOTE)
    await expect(item).toContainText('进度 40%')
    await expect(item).toContainText('30.50')
    await expect(item.locator('[data-test="photo-thumb"]')).toHaveCount(1)
    await expectFits(page)
    await expectAccessible(page, 'project detail at 360 px')

    // The public page shows the update and its photo (an EXIF-free public copy).
    const res = await page.goto(`${BASE()}/p/${encodeURIComponent(CODE)}`)
    expect(res?.status()).toBe(200)
    await expect(page.locator('body')).toContainText(NOTE)
    const photo = page.locator('img[src*="/media/"]').first()
    await expect(photo).toBeVisible()
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    expect(errors).toEqual([])
  })
})
