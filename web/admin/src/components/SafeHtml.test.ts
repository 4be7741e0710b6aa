import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SafeHtml, { safeHref } from './SafeHtml'

const render = (html: string) => mount(SafeHtml, { props: { html } })

describe('SafeHtml (no v-html)', () => {
  it('renders the server-sanitised Markdown HTML', () => {
    const w = render('<p>补助<strong>每户</strong>500元</p><ul><li>一</li><li>二</li></ul><p><a href="https://example.gov.cn/x">政策原文</a></p>')
    expect(w.find('strong').text()).toBe('每户')
    expect(w.findAll('li')).toHaveLength(2)
    const a = w.find('a')
    expect(a.attributes('href')).toBe('https://example.gov.cn/x')
    expect(a.attributes('rel')).toBe('noopener noreferrer')
  })

  it('drops scripts, handlers, styles and dangerous links even if the server let them through', () => {
    const w = render(
      '<p onclick="__xss(1)">a<script>__xss(2)</script><img src=x onerror="__xss(3)"><object data="javascript:__xss(4)"></object>' +
        '<a href="javascript:__xss(5)">b</a><a href=" JaVaScRiPt:__xss(6)">c</a><a href="//evil.example/">d</a><span style="color:red">e</span></p>',
    )
    const html = w.html()
    expect(html).not.toMatch(/script|onerror|onclick|iframe|object|javascript|<img|style=|evil/i)
    expect(w.text()).toBe('abcde')
  })

  it('keeps text exactly (no double escaping) and shows markup-looking text as text', () => {
    const w = render('<p>&lt;b&gt;不是粗体&lt;/b&gt; {{ 7*7 }} &amp; “引号”</p>')
    expect(w.text()).toBe('<b>不是粗体</b> {{ 7*7 }} & “引号”')
    expect(w.find('b').exists()).toBe(false)
  })

  it('allows only safe link targets', () => {
    expect(safeHref('https://a.cn')).toBe('https://a.cn')
    expect(safeHref('/p/2020-01')).toBe('/p/2020-01')
    expect(safeHref('mailto:a@b.cn')).toBe('mailto:a@b.cn')
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.example', ' java\tscript:x']) expect(safeHref(bad), bad).toBeNull()
  })
})
