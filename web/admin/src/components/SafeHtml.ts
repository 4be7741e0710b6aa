// Shows HTML the server has already sanitised (a project's policyHtml/plainHtml, a progress note's noteHtml)
// without v-html (SECURITY.md T6: `vue/no-v-html` is an error in the back office). The markup is parsed
// by DOMParser (an inert document: no script runs, no image loads) and rebuilt as Vue nodes from an allowlist,
// so even a sanitiser bug on the server cannot put a script, an event handler or a javascript: link here.
import { defineComponent, h, type VNode, type VNodeChild } from 'vue'

// Elements kept with their children; anything else is unwrapped (its text kept) unless dropped below.
const KEEP = new Set([
  'p', 'br', 'hr', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'mark', 'sub', 'sup', 'small', 'span',
  'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'a', 'dl', 'dt', 'dd',
])
// Elements dropped together with their content.
const DROP = new Set(['script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'svg', 'math', 'form', 'input', 'button', 'textarea', 'select', 'link', 'meta', 'base', 'title', 'head'])
const VOID = new Set(['br', 'hr'])

// http(s), mailto, tel, same-site paths and fragments; nothing else (javascript:, data:, vbscript:, //host).
export function safeHref(href: string): string | null {
  const v = href.trim()
  if (/^(https?:|mailto:|tel:)/i.test(v)) return v
  if (/^\/(?!\/)/.test(v) || v.startsWith('#')) return v
  return null
}

function convert(node: Node, key: number): VNodeChild {
  if (node.nodeType === 3) return node.textContent ?? ''
  if (node.nodeType !== 1) return null
  const el = node as Element
  const tag = el.tagName.toLowerCase()
  if (DROP.has(tag)) return null
  const children = () => Array.from(el.childNodes).map((c, i) => convert(c, i))
  if (!KEEP.has(tag)) return h('span', { key }, children())
  const props: Record<string, unknown> = { key }
  if (tag === 'a') {
    const href = safeHref(el.getAttribute('href') ?? '')
    if (!href) return h('span', { key }, children())
    props.href = href
    if (/^https?:/i.test(href)) {
      props.target = '_blank'
      props.rel = 'noopener noreferrer'
    }
  }
  if ((tag === 'td' || tag === 'th') && /^\d{1,2}$/.test(el.getAttribute('colspan') ?? '')) props.colspan = el.getAttribute('colspan')
  if ((tag === 'td' || tag === 'th') && /^\d{1,2}$/.test(el.getAttribute('rowspan') ?? '')) props.rowspan = el.getAttribute('rowspan')
  if (tag === 'ol' && /^\d{1,6}$/.test(el.getAttribute('start') ?? '')) props.start = el.getAttribute('start')
  return VOID.has(tag) ? h(tag, props) : h(tag, props, children())
}

// The Vue nodes for an HTML fragment.
export function htmlToVNodes(html: string): VNodeChild[] {
  if (!html) return []
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html')
  return Array.from(doc.body.childNodes).map((n, i) => convert(n, i))
}

export default defineComponent({
  name: 'SafeHtml',
  props: {
    html: { type: String, default: '' },
    tag: { type: String, default: 'div' },
  },
  setup(props) {
    return (): VNode => h(props.tag, { class: 'safe-html' }, htmlToVNodes(props.html))
  },
})
