// XSS corpus (issue 5, SECURITY.md T6) in every text field of a submission, rendered in a real browser: the back
// office's lists, detail page and history (as the author and as the office), and the portal's item page. Every
// payload tries to set window.__xss or open a dialog; none may run.
import { expect, test, type Browser, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from '../server'
import { BASE, login, watchErrors } from './helpers'
import { openapi, requestSchema, setField, stringFields } from './openapi'

const P = {
  img: '<img src=x onerror="window.__xss=1">',
  script: '<script>window.__xss=1</script>',
  svg: '"><svg onload="window.__xss=1">',
  link: '[点我](javascript:window.__xss=1)',
  vue: "{{constructor.constructor('window.__xss=1')()}}",
}
const STAMP = Date.now() % 100000
const TITLE = `XSS${STAMP}${P.img}`
const BODY = `正文 ${P.script}\n\n${P.link}\n\n${P.svg}\n\n${P.vue}\n\n<a href="javascript:window.__xss=1">链接</a>`
let itemId = 0

function guard(page: Page) {
  const dialogs: string[] = []
  page.on('dialog', async (d) => {
    dialogs.push(d.message())
    await d.dismiss()
  })
  return dialogs
}

async function expectNothingRan(page: Page, dialogs: string[], what: string) {
  // Give lazy images and deferred handlers a moment to fire.
  await page.waitForTimeout(300)
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), what).toBeUndefined()
  expect(dialogs, what).toEqual([])
  // No payload became markup: no element (shadow trees included) carries an event-handler attribute or a
  // javascript: URL. Read from the DOM, as the serialised HTML holds the payloads' text inside attribute values.
  const live = await page.evaluate(() => {
    const found: string[] = []
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        for (const a of el.attributes) {
          const url = /^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)
          if (/^on/i.test(a.name) || url) found.push(`<${el.localName} ${a.name}="${a.value}">`)
        }
        if (el.shadowRoot) walk(el.shadowRoot)
      }
    }
    walk(document)
    return found
  })
  expect(live, what).toEqual([])
}

async function csrf(page: Page): Promise<string> {
  return (await (await page.request.get(`${BASE()}/api/v1/auth/me`)).json()).csrfToken
}

async function api(page: Page, method: 'POST' | 'PUT', path: string, body: unknown) {
  const me = await (await page.request.get(`${BASE()}/api/v1/auth/me`)).json()
  const res = await page.request.fetch(`${BASE()}${path}`, {
    method,
    data: body,
    headers: { 'X-CSRF-Token': me.csrfToken, 'Content-Type': 'application/json' },
  })
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300)
  return res.json()
}

async function uploadPhoto(page: Page): Promise<number> {
  const jpeg = Buffer.from(
    await page.evaluate(() => {
      const c = document.createElement('canvas')
      c.width = 64
      c.height = 48
      const g = c.getContext('2d')!
      g.fillStyle = '#3a6fb0'
      g.fillRect(0, 0, 64, 48)
      return c.toDataURL('image/jpeg', 0.8).split(',')[1]
    }),
    'base64',
  )
  const res = await page.request.post(`${BASE()}/api/v1/files`, {
    multipart: { file: { name: 'xss.jpg', mimeType: 'image/jpeg', buffer: jpeg } },
    headers: { 'X-CSRF-Token': await csrf(page) },
  })
  expect(res.status(), await res.text()).toBeLessThan(300)
  return (await res.json()).id
}

// The submission journey: one item, shared by the tests below in order.
test.describe('submissions', () => {
  test.describe.configure({ mode: 'serial' })

  test('the author writes payloads in every field; the office returns it with a payload as the reason', async ({ browser }) => {
    const dept = await browser.newPage()
    await login(dept, 'dept01', DEMO_PASSWORD)
    await expect(dept.locator('[data-test="user-menu"]')).toBeVisible()
    const created = await api(dept, 'POST', '/api/v1/submissions', {
      kind: 'news',
      title: TITLE,
      body: BODY,
      authorName: `作者${P.svg}`,
      projectIds: [],
    })
    itemId = created.id
    await api(dept, 'POST', `/api/v1/submissions/${itemId}/submit`, {})
    const office = await browser.newPage()
    await login(office, 'office', DEMO_PASSWORD)
    await expect(office.locator('[data-test="user-menu"]')).toBeVisible()
    await api(office, 'POST', `/api/v1/submissions/${itemId}/return`, { reason: `请修改${P.img}${P.script}` })
    await dept.close()
    await office.close()
  })

  for (const who of ['dept01', 'office']) {
    test(`nothing runs in the back office for ${who}`, async ({ page }) => {
      const dialogs = guard(page)
      const errors = watchErrors(page)
      await login(page, who, DEMO_PASSWORD)
      await expect(page.locator('[data-test="user-menu"]')).toBeVisible()
      await page.goto(`${BASE()}/admin/submissions/${itemId}`)
      await expect(page.locator('body')).toContainText(`XSS${STAMP}`)
      await expect(page.locator('body')).toContainText('请修改')
      await expectNothingRan(page, dialogs, `${who} detail`)
      for (const list of who === 'office' ? ['/admin/submissions/all'] : ['/admin/submissions/mine']) {
        await page.goto(`${BASE()}${list}`)
        await expect(page.locator('body')).toContainText(`XSS${STAMP}`)
        await expectNothingRan(page, dialogs, `${who} ${list}`)
      }
      expect(errors).toEqual([])
    })
  }

  test('published, nothing runs on the portal page either', async ({ browser }) => {
    const dept = await browser.newPage()
    await login(dept, 'dept01', DEMO_PASSWORD)
    await expect(dept.locator('[data-test="user-menu"]')).toBeVisible()
    await api(dept, 'POST', `/api/v1/submissions/${itemId}/submit`, {})
    await dept.close()
    const office = await browser.newPage()
    await login(office, 'office', DEMO_PASSWORD)
    await expect(office.locator('[data-test="user-menu"]')).toBeVisible()
    await api(office, 'POST', `/api/v1/submissions/${itemId}/approve`, {})
    await api(office, 'POST', `/api/v1/submissions/${itemId}/publish`, {})
    await office.close()
    const page = await browser.newPage()
    const dialogs = guard(page)
    await expect.poll(async () => (await page.goto(`${BASE()}/news/${itemId}`))?.status(), { timeout: 5000 }).toBe(200)
    await expect(page.locator('body')).toContainText(`XSS${STAMP}`)
    await expectNothingRan(page, dialogs, 'portal item')
    await page.goto(`${BASE()}/news`)
    await expectNothingRan(page, dialogs, 'portal list')
  })

  // Every free-text field of the submission schema in api/openapi.yaml (title, body, author, photo and pair
  // captions, the voice fields, ...) carries its own tagged payload; the fields are read from the schema, so a
  // field added to the API is covered without editing this list.
  const SCHEMA_TAG = `S${STAMP}`
  const schemaItems: { kind: string; id: number; texts: Map<string, string> }[] = []


  test('payloads in every text field of the submission schema, for each kind', async ({ browser }) => {
    const schema = requestSchema('POST', '/api/v1/submissions')
    expect(schema, 'api/openapi.yaml: POST /api/v1/submissions request schema').toBeTruthy()
    const fields = stringFields(schema!).filter((f) => f.free)
    const dept = await browser.newPage()
    await login(dept, 'dept01', DEMO_PASSWORD)
    await expect(dept.locator('[data-test="user-menu"]')).toBeVisible()
    const photo = async (caption: string) => ({ fileId: await uploadPhoto(dept), caption })
    const bodies: Record<string, Record<string, unknown>> = {
      news: { kind: 'news', title: 't', body: 'b', authorName: 'a', photos: [await photo('c')] },
      photo_story: { kind: 'photo_story', title: 't', body: 'b', pairs: [{ before: await photo('c'), after: await photo('c') }] },
      voice: {
        kind: 'voice',
        title: 't',
        body: 'b',
        consent: true,
        speakerDesc: 'd',
        quote: 'q',
        interviewer: 'i',
      },
    }
    const payloads = [P.img, P.script, P.svg, P.vue]
    const covered = new Set<string>()
    let n = 0
    for (const [kind, body] of Object.entries(bodies)) {
      const texts = new Map<string, string>()
      for (const f of fields) {
        // Short enough for the smallest limits (50 characters), distinct per field, and findable on the page.
        const text = `${SCHEMA_TAG}${n % 10}${payloads[n % payloads.length]}`.slice(0, 50)
        if (!setField(body, f.path, text)) continue
        ++n
        texts.set(f.path, text)
        covered.add(f.path)
      }
      const created = await api(dept, 'POST', '/api/v1/submissions', body)
      schemaItems.push({ kind, id: created.id, texts })
    }
    expect([...covered].sort(), 'every free-text field of the schema reached by one of the bodies').toEqual(
      fields.map((f) => f.path).sort(),
    )
    await dept.close()
  })

  for (const who of ['dept01', 'office']) {
    test(`schema payloads: shown literally and inert in the back office for ${who}`, async ({ page }) => {
      const dialogs = guard(page)
      const errors = watchErrors(page)
      await login(page, who, DEMO_PASSWORD)
      await expect(page.locator('[data-test="user-menu"]')).toBeVisible()
      if (who === 'office') {
        // The office sees submitted items only.
        const dept = await page.context().browser()!.newPage()
        await login(dept, 'dept01', DEMO_PASSWORD)
        await expect(dept.locator('[data-test="user-menu"]')).toBeVisible()
        for (const item of schemaItems) await api(dept, 'POST', `/api/v1/submissions/${item.id}/submit`, {})
        await dept.close()
      }
      for (const item of schemaItems) {
        await page.goto(`${BASE()}/admin/submissions/${item.id}`)
        await expect(page.locator('body')).toContainText(SCHEMA_TAG)
        const shown = await page.locator('body').innerText()
        for (const [path, text] of item.texts) {
          // Markdown bodies are rendered (sanitised); every other field is plain text and must read as typed.
          if (path === 'body') continue
          expect(shown, `${who} ${item.kind} ${path}`).toContain(text)
        }
        await expectNothingRan(page, dialogs, `${who} ${item.kind} detail`)
      }
      expect(errors).toEqual([])
    })
  }

  test('schema payloads: inert on the portal once published', async ({ browser }) => {
    const office = await browser.newPage()
    await login(office, 'office', DEMO_PASSWORD)
    await expect(office.locator('[data-test="user-menu"]')).toBeVisible()
    const published: typeof schemaItems = []
    for (const item of schemaItems) {
      const me = await csrf(office)
      const approve = await office.request.post(`${BASE()}/api/v1/submissions/${item.id}/approve`, { data: {}, headers: { 'X-CSRF-Token': me } })
      if (approve.status() >= 300) continue
      const publish = await office.request.post(`${BASE()}/api/v1/submissions/${item.id}/publish`, { data: {}, headers: { 'X-CSRF-Token': me } })
      if (publish.status() < 300) published.push(item)
    }
    await office.close()
    expect(published.length, 'at least the news and voice items publish').toBeGreaterThanOrEqual(2)
    const page = await browser.newPage()
    const dialogs = guard(page)
    const column: Record<string, string> = { news: 'news', photo_story: 'photos', voice: 'voices' }
    for (const item of published) {
      await expect.poll(async () => (await page.goto(`${BASE()}/${column[item.kind]}/${item.id}`))?.status(), { timeout: 5000 }).toBe(200)
      await expect(page.locator('body')).toContainText(SCHEMA_TAG)
      await expectNothingRan(page, dialogs, `portal ${item.kind}`)
      await page.goto(`${BASE()}/${column[item.kind]}`)
      await expectNothingRan(page, dialogs, `portal ${item.kind} list`)
    }
  })
})

// ---- Every other record: each free-text field of every JSON request schema ----
// Each record test fills every free-text field of the request schemas of its routes (read from api/openapi.yaml, so
// a field added to a schema is filled without editing this file) with its own tag and a payload that fits the
// field's maxLength, writes the record through the API as the account that would, and opens the back-office and
// portal pages that show it: nothing may run, and each field must be read on at least one page — the whole text
// for plain fields, the tag for Markdown fields (the server renders them and drops raw HTML).

type Body = Record<string, unknown>
interface Filled {
  route: string
  path: string
  tag: string
  text: string
  markdown: boolean
}

// The routes each record test fills; with POST /api/v1/submissions (the schema test above) they must cover every
// request schema with a free-text field (the last test checks).
const RECORD_TESTS: Record<string, string[]> = {
  'projects, progress entries and signs': [
    'POST /api/v1/projects',
    'PUT /api/v1/projects/{id}',
    'POST /api/v1/projects/{id}/progress',
    'PUT /api/v1/signs/project/{id}',
  ],
  'leaflets, print-run handouts and service windows': [
    'PUT /api/v1/leaflets/project/{id}',
    'POST /api/v1/print-runs/{id}/distributions',
    'POST /api/v1/windows',
    'PUT /api/v1/windows/{id}',
    'POST /api/v1/windows/{id}/checks',
  ],
  circulars: ['POST /api/v1/circulars', 'PUT /api/v1/circulars/{id}'],
  'org units, users, lock reasons and login names': [
    'POST /api/v1/org-units',
    'PUT /api/v1/org-units/{id}',
    'POST /api/v1/users',
    'PUT /api/v1/users/{id}',
    'POST /api/v1/users/{id}/lock',
    'POST /api/v1/users/{id}/unlock',
    'POST /api/v1/auth/login',
  ],
  'submission edits and workflow reasons': [
    'PUT /api/v1/submissions/{id}',
    'POST /api/v1/submissions/{id}/return',
    'POST /api/v1/submissions/{id}/forward',
    'POST /api/v1/submissions/{id}/adopt',
    'POST /api/v1/submissions/{id}/unpublish',
  ],
  'submission settings': ['PUT /api/v1/submission-settings'],
}
const SUBMISSION_SCHEMA_ROUTE = 'POST /api/v1/submissions'

// Free-text fields no page shows, with the reason; a field listed here is not required to be put through a page.
// (Passwords are writeOnly in the schema, so they are not free text and need no entry.)
const NOT_SHOWN: Record<string, string> = {}

const FIELD_TAG = `F${String(STAMP).padStart(5, '0')}-`
// Short payloads for fields of 32 characters (the tag takes 10).
const SHORT = ['<svg onload=__xss=1>', '<img src=x onerror=__xss=1>', '"><svg onload=__xss=1>']
const LONG = [P.img, P.script, P.svg, P.vue, P.link]
let fieldNo = 0

function freeFields(route: string) {
  const [method, path] = route.split(' ')
  const schema = requestSchema(method, path)
  return schema ? stringFields(schema).filter((f) => f.free) : []
}

class Record_ {
  readonly filled: Filled[] = []
  private readonly seen = new Set<Filled>()
  constructor(private readonly name: string) {}

  // Puts a tagged payload in every free-text field of `route`'s schema in `body`, which must already hold each
  // field (an empty string, and one element in each array). `urlSafe` fields go into URLs (a project's code).
  fill(route: string, body: Body, urlSafe: string[] = []): Filled[] {
    return this.fillEach(route, [body], urlSafe)[0]
  }

  // The same over several bodies of one route (a schema whose fields depend on a kind): each field goes into the
  // first body that holds it; the fields each body got, in order.
  fillEach(route: string, bodies: Body[], urlSafe: string[] = []): Filled[][] {
    expect(RECORD_TESTS[this.name], `${route} is listed for "${this.name}"`).toContain(route)
    const fields = freeFields(route)
    expect(fields.length, `${route} has free-text fields in api/openapi.yaml`).toBeGreaterThan(0)
    const out: Filled[][] = bodies.map(() => [])
    for (const f of fields) {
      const tag = `${FIELD_TAG}${String(fieldNo).padStart(3, '0')}`
      const room = (f.maxLength ?? 200) - tag.length
      const fits = [...LONG, ...SHORT].filter((p) => p.length <= room && !(urlSafe.includes(f.path) && /[/?#%]/.test(p)))
      expect(fits.length, `${route} ${f.path}: a payload fits ${f.maxLength} characters`).toBeGreaterThan(0)
      const text = tag + fits[fieldNo % fits.length]
      ++fieldNo
      const i = bodies.findIndex((b) => setField(b, f.path, text))
      expect(i, `${route}: the test's bodies reach ${f.path}`).toBeGreaterThanOrEqual(0)
      const filled = { route, path: f.path, tag, text, markdown: f.markdown }
      out[i].push(filled)
      this.filled.push(filled)
    }
    return out
  }

  // `fields` are read on the page as it is now (polled: lists load after the page).
  async shows(page: Page, fields: Filled[], what: string) {
    const missing = async () => {
      const text = await page.evaluate(() =>
        [document.body.innerText, ...[...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value)].join('\n'),
      )
      return fields.filter((f) => !text.includes(f.markdown ? f.tag : f.text)).map((f) => `${f.route} ${f.path}: ${f.text}`)
    }
    await expect.poll(missing, { message: `${what}: shown as typed` }).toEqual([])
    for (const f of fields) this.seen.add(f)
  }

  // Every route of the test filled, every field read on some page.
  done() {
    expect([...new Set(this.filled.map((f) => f.route))].sort(), `${this.name}: routes filled`).toEqual([...RECORD_TESTS[this.name]].sort())
    expect(this.filled.filter((f) => !this.seen.has(f) && !NOT_SHOWN[`${f.route} ${f.path}`]).map((f) => `${f.route} ${f.path}`), `${this.name}: fields never read on a page`).toEqual([])
  }
}

async function signedIn(browser: Browser, who: string): Promise<Page> {
  const page = await browser.newPage()
  await login(page, who, DEMO_PASSWORD)
  await expect(page.locator('[data-test="user-menu"]')).toBeVisible()
  return page
}

// A page that records dialogs and errors; `visit` opens a URL and checks nothing ran.
async function watched(browser: Browser, who: string | null) {
  const page = who ? await signedIn(browser, who) : await browser.newPage()
  const dialogs = guard(page)
  const errors = watchErrors(page)
  const visit = async (path: string) => {
    const res = await page.goto(`${BASE()}${path}`)
    expect(res?.status(), path).toBeLessThan(400)
  }
  const inert = (what: string) => expectNothingRan(page, dialogs, what)
  return { page, errors, visit, inert }
}

async function chooseYear(page: Page, select: string, year: number) {
  await page.locator(`[data-test="${select}"]`).click()
  await page.getByRole('option', { name: new RegExp(`^${year}`) }).click()
}

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
// The records' year: the demo town has 2020 only, so the back-office lists of this year hold the test's records.
const YEAR = 2019

async function leadUnit(page: Page): Promise<number> {
  const list = await (await page.request.get(`${BASE()}/api/v1/projects?year=2020&pageSize=10`)).json()
  return list.rows[0].leadUnitId
}

const projectBody = (lead: number, code: string, category: string): Body => ({
  code,
  name: `项目${code}`,
  category,
  leadUnitId: lead,
  changeFlag: 'new',
  year: YEAR,
  policyText: '',
  plainText: '',
  address: '',
  targets: [{ name: '目标', unit: '个', planned: 10 }],
})

test('projects, progress entries and signs: shown literally and inert in the back office and on the portal', async ({ browser }) => {
  const r = new Record_('projects, progress entries and signs')
  const office = await signedIn(browser, 'office')
  const lead = await leadUnit(office)
  const aBody = projectBody(lead, '', 'engineering')
  const aFields = r.fill('POST /api/v1/projects', aBody, ['code'])
  const a = await api(office, 'POST', '/api/v1/projects', aBody)
  const b = await api(office, 'POST', '/api/v1/projects', projectBody(lead, `${FIELD_TAG}B`, 'engineering'))
  const { year: _year, ...bBody } = projectBody(lead, '', 'engineering')
  void _year
  const bFields = r.fill('PUT /api/v1/projects/{id}', bBody, ['code'])
  await api(office, 'PUT', `/api/v1/projects/${b.id}`, bBody)
  const progressBody: Body = {
    reportDate: today(),
    progressPct: 40,
    fundsDisbursed: 0,
    status: 'in_progress',
    note: '',
    photos: [{ fileId: await uploadPhoto(office), caption: '' }],
  }
  const progressFields = r.fill('POST /api/v1/projects/{id}/progress', progressBody)
  await api(office, 'POST', `/api/v1/projects/${a.id}/progress`, progressBody)
  const signBody: Body = {
    size: '120x80',
    script: 'hans',
    overrides: { builder: '', investment: '', buildDates: '', managerUnit: '', supervisionPhone: '0550-7012345', location: '', content: '', contractor: '', responsible: '' },
  }
  const signFields = r.fill('PUT /api/v1/signs/project/{id}', signBody)
  await api(office, 'PUT', `/api/v1/signs/project/${a.id}`, signBody)
  await office.close()
  const code = (fields: Filled[]) => fields.find((f) => f.path === 'code')!.text
  const name = (fields: Filled[]) => fields.filter((f) => f.path === 'code' || f.path === 'name')

  const w = await watched(browser, 'office')
  await w.visit('/admin/projects')
  await chooseYear(w.page, 'year', YEAR)
  await r.shows(w.page, [...name(aFields), ...name(bFields)], 'project list')
  await w.inert('project list')
  await w.visit(`/admin/projects/${a.id}`)
  await r.shows(w.page, [...aFields, ...progressFields], 'project detail')
  await w.inert('project detail')
  await w.visit(`/admin/projects/${b.id}`)
  await r.shows(w.page, bFields, 'edited project detail')
  await w.inert('edited project detail')
  // The progress page is the form of the next entry, with the project's name and figures.
  await w.visit(`/admin/projects/${a.id}/progress`)
  await expect(w.page.getByRole('heading', { name: '填报进展' })).toBeVisible()
  await w.inert('progress page')
  await w.visit(`/admin/signage/signs/${a.id}`)
  await r.shows(w.page, signFields, 'sign editor')
  await w.inert('sign editor')
  await w.visit('/admin/signage/signs')
  await chooseYear(w.page, 'sign-year', YEAR)
  await r.shows(w.page, name(aFields), 'sign list')
  await w.inert('sign list')
  expect(w.errors).toEqual([])
  await w.page.close()

  const portal = await watched(browser, null)
  await portal.visit(`/p/${encodeURIComponent(code(aFields))}`)
  // The portal shows the board's builder, investment, dates and managing unit (and the phone), not the rest.
  const publicSign = signFields.filter((f) => ['overrides.builder', 'overrides.investment', 'overrides.buildDates', 'overrides.managerUnit'].includes(f.path))
  await r.shows(portal.page, [...aFields, ...progressFields, ...publicSign], 'portal project page')
  await portal.inert('portal project page')
  await portal.visit(`/p/${encodeURIComponent(code(bFields))}`)
  await r.shows(portal.page, bFields, 'portal edited project page')
  await portal.inert('portal edited project page')
  await portal.visit(`/projects?year=${YEAR}`)
  await r.shows(portal.page, name(aFields).filter((f) => f.path === 'name'), 'portal project list')
  await portal.inert('portal project list')
  await portal.visit(`/search?q=${encodeURIComponent(FIELD_TAG)}`)
  await portal.inert('portal search')
  r.done()
})

test('leaflets, print-run handouts and service windows: shown literally and inert in the back office', async ({ browser }) => {
  const r = new Record_('leaflets, print-run handouts and service windows')
  const office = await signedIn(browser, 'office')
  const project = await api(office, 'POST', '/api/v1/projects', projectBody(await leadUnit(office), `${FIELD_TAG}L`, 'subsidy'))
  const leafletBody: Body = { title: '', plainText: '', eligibility: '', howToApply: '', hotline: '0550-7012345', paper: 'a4' }
  const leafletFields = r.fill('PUT /api/v1/leaflets/project/{id}', leafletBody)
  await api(office, 'PUT', `/api/v1/leaflets/project/${project.id}`, leafletBody)
  const run = await api(office, 'POST', '/api/v1/print-runs', { kind: 'leaflet', projectId: project.id, copies: 5, printedOn: `${YEAR}-06-01`, confirmQr: true })
  const handoutBody: Body = { targetKind: 'school', targetName: '', copies: 1, pupilsReached: 3, handedOn: `${YEAR}-06-02` }
  const handoutFields = r.fill('POST /api/v1/print-runs/{id}/distributions', handoutBody)
  await api(office, 'POST', `/api/v1/print-runs/${run.id}/distributions`, handoutBody)
  const created: Body = { place: '', projectIds: [project.id] }
  const createdFields = r.fill('POST /api/v1/windows', created)
  const w1 = await api(office, 'POST', '/api/v1/windows', created)
  const w2 = await api(office, 'POST', '/api/v1/windows', { place: `${FIELD_TAG}窗口` })
  const edited: Body = { unitId: w2.unitId, place: '', projectIds: [] }
  const editedFields = r.fill('PUT /api/v1/windows/{id}', edited)
  await api(office, 'PUT', `/api/v1/windows/${w2.id}`, edited)
  const checkBody: Body = { checkedOn: today(), posterPresent: true, note: '' }
  const checkFields = r.fill('POST /api/v1/windows/{id}/checks', checkBody)
  await api(office, 'POST', `/api/v1/windows/${w1.id}/checks`, checkBody)
  await office.close()

  const w = await watched(browser, 'office')
  await w.visit(`/admin/signage/leaflets/${project.id}`)
  await r.shows(w.page, leafletFields, 'leaflet editor')
  await w.inert('leaflet editor')
  await w.visit('/admin/signage/leaflets')
  await chooseYear(w.page, 'leaflet-year', YEAR)
  await expect(w.page.locator('[data-test="leaflet-table"]')).toContainText(`${FIELD_TAG}L`)
  await w.inert('leaflet list')
  await w.visit('/admin/signage/print-runs')
  await chooseYear(w.page, 'run-year', YEAR)
  await w.page.locator(`[data-test="run-toggle-${run.id}"]`).click()
  await r.shows(w.page, handoutFields, 'print-run handouts')
  await w.inert('print runs')
  await w.visit('/admin/signage/windows')
  const row = w.page.locator('[data-test="window-table"] .el-table__body-wrapper tbody tr').filter({ hasText: createdFields[0].text })
  await row.locator('[data-test="window-toggle"]').first().click()
  await r.shows(w.page, [...createdFields, ...editedFields, ...checkFields], 'service windows')
  await w.inert('service windows')
  expect(w.errors).toEqual([])
  await w.page.close()

  const portal = await watched(browser, null)
  await portal.visit(`/p/${encodeURIComponent(`${FIELD_TAG}L`)}`)
  await portal.inert('portal project page with a leaflet')
  r.done()
})

test('circulars: shown literally and inert in the back office', async ({ browser }) => {
  const r = new Record_('circulars')
  const office = await signedIn(browser, 'office')
  const createdBody: Body = { period: '2020-Q3', title: '' }
  const createdFields = r.fill('POST /api/v1/circulars', createdBody)
  const c1 = await api(office, 'POST', '/api/v1/circulars', createdBody)
  const c2 = await api(office, 'POST', '/api/v1/circulars', { period: '2020-Q4' })
  const editedBody: Body = { title: '', prose: { overall: '', good: '', problems: '', nextSteps: '' } }
  const editedFields = r.fill('PUT /api/v1/circulars/{id}', editedBody)
  await api(office, 'PUT', `/api/v1/circulars/${c2.id}`, editedBody)
  await office.close()

  const w = await watched(browser, 'office')
  await w.visit('/admin/circulars/list')
  await r.shows(w.page, [...createdFields, ...editedFields.filter((f) => f.path === 'title')], 'circular list')
  await w.inert('circular list')
  await w.visit(`/admin/circulars/${c1.id}`)
  await r.shows(w.page, createdFields, 'circular')
  await w.inert('circular')
  await w.visit(`/admin/circulars/${c2.id}`)
  await r.shows(w.page, editedFields, 'edited circular')
  await w.inert('edited circular')
  expect(w.errors).toEqual([])
  r.done()
})

test('org units, users, lock reasons and login names: shown literally and inert in the back office', async ({ browser }) => {
  const r = new Record_('org units, users, lock reasons and login names')
  const admin = await signedIn(browser, 'admin')
  const tree = await (await admin.request.get(`${BASE()}/api/v1/org-units`)).json()
  const find = (nodes: any[], name: string): any => {
    for (const n of nodes) {
      if (n.name === name) return n
      const hit = find(n.children ?? [], name)
      if (hit) return hit
    }
  }
  const town = find(Array.isArray(tree) ? tree : tree.rows ?? tree.tree ?? [], '民生镇（演示）')
  expect(town, 'the demo town in the org tree').toBeTruthy()
  const unitBody: Body = { parentId: town.id, kind: 'department', name: '', code: '', sortOrder: 90 }
  const unitFields = r.fill('POST /api/v1/org-units', unitBody)
  const unit = await api(admin, 'POST', '/api/v1/org-units', unitBody)
  const unit2 = await api(admin, 'POST', '/api/v1/org-units', { parentId: town.id, kind: 'department', name: `${FIELD_TAG}单位`, sortOrder: 91 })
  const unit2Body: Body = { name: '', code: '', sortOrder: 91 }
  const unit2Fields = r.fill('PUT /api/v1/org-units/{id}', unit2Body)
  await api(admin, 'PUT', `/api/v1/org-units/${unit2.id}`, unit2Body)
  const userBody: Body = { username: `xss${STAMP}a`, displayName: '', role: 'dept', orgUnitId: unit.id }
  const userFields = r.fill('POST /api/v1/users', userBody)
  const user = await api(admin, 'POST', '/api/v1/users', userBody)
  const user2 = await api(admin, 'POST', '/api/v1/users', { username: `xss${STAMP}b`, displayName: 'b', role: 'dept', orgUnitId: unit.id })
  const user2Body: Body = { displayName: '', role: 'dept', orgUnitId: unit.id }
  const user2Fields = r.fill('PUT /api/v1/users/{id}', user2Body)
  await api(admin, 'PUT', `/api/v1/users/${user2.id ?? user2.user?.id}`, user2Body)
  await admin.close()
  // Locking is the security administrator's.
  const security = await signedIn(browser, 'security')
  const lockBody: Body = { reason: '' }
  const lockFields = r.fill('POST /api/v1/users/{id}/lock', lockBody)
  const userId = user.id ?? user.user?.id
  await api(security, 'POST', `/api/v1/users/${userId}/lock`, lockBody)
  const unlockBody: Body = { reason: '' }
  const unlockFields = r.fill('POST /api/v1/users/{id}/unlock', unlockBody)
  await api(security, 'POST', `/api/v1/users/${userId}/unlock`, unlockBody)
  await security.close()
  // A failed login under a payload name: the audit log shows the name tried.
  const loginBody: Body = { username: '', password: 'not-the-password' }
  const loginFields = r.fill('POST /api/v1/auth/login', loginBody)
  const anon = await browser.newPage()
  await anon.goto(`${BASE()}/admin/login`)
  const failed = await anon.request.post(`${BASE()}/api/v1/auth/login`, { data: loginBody, headers: { Origin: BASE() } })
  expect(failed.status(), await failed.text()).toBe(401)
  await anon.close()

  const w = await watched(browser, 'admin')
  await w.visit('/admin/org')
  await r.shows(w.page, [...unitFields, ...unit2Fields].filter((f) => f.path === 'name'), 'org tree')
  await w.inert('org tree')
  for (const fields of [unitFields, unit2Fields]) {
    // The unit's node, found by the tag its name starts with (the payload's quotes do not go into a selector).
    const name = fields.find((f) => f.path === 'name')!
    await w.page.locator(`[data-test^="org-${name.tag}"]`).getByRole('button', { name: '修改', exact: true }).click()
    await r.shows(w.page, fields, 'org unit editor')
    await w.inert('org unit editor')
    await w.page.keyboard.press('Escape')
    await expect(w.page.getByRole('dialog')).toHaveCount(0)
  }
  await w.visit('/admin/users')
  await w.page.locator('.org-filter').getByText(unitFields.find((f) => f.path === 'name')!.text, { exact: true }).click()
  await r.shows(w.page, [...userFields, ...user2Fields, ...unitFields.filter((f) => f.path === 'name')], 'user list')
  await w.inert('user list')
  expect(w.errors).toEqual([])
  await w.page.close()

  const audit = await watched(browser, 'audit')
  await audit.visit('/admin/audit')
  await r.shows(audit.page, [...lockFields, ...unlockFields, ...loginFields], 'audit log')
  await audit.inert('audit log')
  expect(audit.errors).toEqual([])
  r.done()
})

test('submission edits and workflow reasons: shown literally and inert in the back office and on the portal', async ({ browser }) => {
  const r = new Record_('submission edits and workflow reasons')
  const dept = await signedIn(browser, 'dept01')
  const photo = async () => ({ fileId: await uploadPhoto(dept), caption: '' })
  const kinds: Record<string, Body> = {
    news: { kind: 'news', title: 't', body: 'b', authorName: 'a', photos: [await photo()] },
    photo_story: { kind: 'photo_story', title: 't', body: 'b', pairs: [{ before: await photo(), after: await photo() }] },
    voice: { kind: 'voice', title: 't', body: 'b', consent: true, speakerDesc: 'd', quote: 'q', interviewer: 'i' },
  }
  const items: { kind: string; id: number; fields: Filled[] }[] = []
  // The edits: the same fields without the kind (fixed at creation).
  const edits = Object.values(kinds).map((b) => structuredClone(Object.fromEntries(Object.entries(b).filter(([k]) => k !== 'kind'))))
  const editFields = r.fillEach('PUT /api/v1/submissions/{id}', edits)
  for (const [i, [kind, body]] of Object.entries(kinds).entries()) {
    const created = await api(dept, 'POST', '/api/v1/submissions', body)
    await api(dept, 'PUT', `/api/v1/submissions/${created.id}`, edits[i])
    items.push({ kind, id: created.id, fields: editFields[i] })
  }
  // The news item through the workflow: returned with a reason, published, forwarded, adopted, unpublished.
  const news = items[0]
  const office = await signedIn(browser, 'office')
  const county = await signedIn(browser, 'county')
  await api(dept, 'POST', `/api/v1/submissions/${news.id}/submit`, {})
  const returnBody: Body = { reason: '' }
  const workflow = r.fill('POST /api/v1/submissions/{id}/return', returnBody)
  await api(office, 'POST', `/api/v1/submissions/${news.id}/return`, returnBody)
  await api(dept, 'POST', `/api/v1/submissions/${news.id}/submit`, {})
  await api(office, 'POST', `/api/v1/submissions/${news.id}/approve`, {})
  await api(office, 'POST', `/api/v1/submissions/${news.id}/publish`, {})
  const portal = await watched(browser, null)
  await portal.visit(`/news/${news.id}`)
  await r.shows(portal.page, news.fields, 'portal news item')
  await portal.inert('portal news item')
  await portal.visit('/news')
  await portal.inert('portal news list')
  await portal.page.close()
  const forwardBody: Body = { to: '' }
  workflow.push(...r.fill('POST /api/v1/submissions/{id}/forward', forwardBody))
  await api(office, 'POST', `/api/v1/submissions/${news.id}/forward`, forwardBody)
  const adoptBody: Body = { level: 'county', outlet: '', adoptedOn: today() }
  workflow.push(...r.fill('POST /api/v1/submissions/{id}/adopt', adoptBody))
  await api(county, 'POST', `/api/v1/submissions/${news.id}/adopt`, adoptBody)
  const unpublishBody: Body = { reason: '' }
  workflow.push(...r.fill('POST /api/v1/submissions/{id}/unpublish', unpublishBody))
  await api(office, 'POST', `/api/v1/submissions/${news.id}/unpublish`, unpublishBody)
  for (const item of items.slice(1)) await api(dept, 'POST', `/api/v1/submissions/${item.id}/submit`, {})
  await Promise.all([dept.close(), office.close(), county.close()])

  for (const who of ['dept01', 'office']) {
    const w = await watched(browser, who)
    for (const item of items) {
      await w.visit(`/admin/submissions/${item.id}`)
      await r.shows(w.page, item === news ? [...item.fields, ...workflow] : item.fields, `${who} ${item.kind} detail`)
      await w.inert(`${who} ${item.kind} detail`)
    }
    await w.visit(who === 'office' ? '/admin/submissions/all' : '/admin/submissions/mine')
    await r.shows(w.page, items.flatMap((i) => i.fields.filter((f) => f.path === 'title')), `${who} list`)
    await w.inert(`${who} list`)
    expect(w.errors).toEqual([])
    await w.page.close()
  }
  r.done()
})

test('submission settings: shown literally and inert in the back office', async ({ browser }) => {
  const r = new Record_('submission settings')
  const office = await signedIn(browser, 'office')
  const before = await (await office.request.get(`${BASE()}/api/v1/submission-settings`)).json()
  const restore = { secondLevel: before.secondLevel, pairDistanceM: before.pairDistanceM, reminderDays: before.reminderDays, bannedWords: before.bannedWords ?? [] }
  const body: Body = { ...restore, bannedWords: ['', ...restore.bannedWords] }
  const fields = r.fill('PUT /api/v1/submission-settings', body)
  await api(office, 'PUT', '/api/v1/submission-settings', body)
  try {
    const w = await watched(browser, 'office')
    await w.visit('/admin/submissions/rules')
    await r.shows(w.page, fields, 'submission settings')
    await w.inert('submission settings')
    expect(w.errors).toEqual([])
    await w.page.close()
  } finally {
    // Other specs' items must not meet the payload word.
    await api(office, 'PUT', '/api/v1/submission-settings', restore)
    await office.close()
  }
  r.done()
})

test('every free-text field of every JSON request schema goes through a page check', () => {
  const routes: string[] = []
  for (const [path, ops] of Object.entries(openapi().paths as Record<string, Record<string, unknown>>))
    for (const method of Object.keys(ops)) if (['post', 'put', 'patch', 'delete'].includes(method)) routes.push(`${method.toUpperCase()} ${path}`)
  const tested = new Set([SUBMISSION_SCHEMA_ROUTE, ...Object.values(RECORD_TESTS).flat()])
  const untested = routes.flatMap((route) =>
    freeFields(route)
      .map((f) => `${route} ${f.path}`)
      .filter((key) => !tested.has(route) && !NOT_SHOWN[key]),
  )
  expect(untested, 'free-text fields no test puts through a page (add the route to RECORD_TESTS or, if no page shows the field, to NOT_SHOWN with the reason)').toEqual([])
  expect(Object.keys(NOT_SHOWN).filter((key) => !routes.some((route) => key.startsWith(`${route} `))), 'NOT_SHOWN entries of routes that no longer exist').toEqual([])
})
