// What a downloaded ZIP holds, read from its bytes: every Office Open XML file and every ZIP starts with "PK",
// so a DOCX is told from an XLSX by the package itself: the main part's content type in [Content_Types].xml and
// the main part present (word/document.xml, xl/workbook.xml).
import { inflateRawSync } from 'node:zlib'

interface Entry {
  name: string
  method: number
  compressedSize: number
  localOffset: number
}

// The entries of the central directory (no ZIP64: our files are small). Throws on anything that is not a ZIP.
function centralDirectory(zip: Buffer): Entry[] {
  let eocd = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a ZIP: no end of central directory record')
  const count = zip.readUInt16LE(eocd + 10)
  let p = zip.readUInt32LE(eocd + 16)
  const entries: Entry[] = []
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`not a ZIP: bad central directory entry ${n}`)
    const nameLength = zip.readUInt16LE(p + 28)
    entries.push({
      name: zip.subarray(p + 46, p + 46 + nameLength).toString('utf8'),
      method: zip.readUInt16LE(p + 10),
      compressedSize: zip.readUInt32LE(p + 20),
      localOffset: zip.readUInt32LE(p + 42),
    })
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32)
  }
  return entries
}

export function zipEntryNames(zip: Buffer): string[] {
  return centralDirectory(zip).map((e) => e.name)
}

// The bytes of one entry (stored or deflated), or null when there is no such entry.
export function zipEntry(zip: Buffer, name: string): Buffer | null {
  const e = centralDirectory(zip).find((x) => x.name === name)
  if (!e) return null
  if (zip.readUInt32LE(e.localOffset) !== 0x04034b50) throw new Error(`not a ZIP: bad local header of ${name}`)
  const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28)
  const data = zip.subarray(start, start + e.compressedSize)
  if (e.method === 0) return data
  if (e.method === 8) return inflateRawSync(data)
  throw new Error(`${name}: compression method ${e.method}`)
}

const MAIN: Record<'docx' | 'xlsx', { part: string; type: string }> = {
  docx: { part: 'word/document.xml', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml' },
  xlsx: { part: 'xl/workbook.xml', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml' },
}

// 'docx', 'xlsx', or a sentence saying what the bytes are instead (for the assertion message).
export function ooxmlKind(bytes: Buffer): string {
  let types: string
  try {
    const t = zipEntry(bytes, '[Content_Types].xml')
    if (!t) return `a ZIP without [Content_Types].xml: ${zipEntryNames(bytes).join(', ')}`
    types = t.toString('utf8')
  } catch (e) {
    return `not a ZIP (${(e as Error).message}), starting with ${JSON.stringify(bytes.subarray(0, 8).toString('latin1'))}`
  }
  for (const [kind, { part, type }] of Object.entries(MAIN)) {
    const override = new RegExp(`<Override[^>]*PartName="/${part.replace(/[./]/g, '\\$&')}"[^>]*>`).exec(types)
    if (override && override[0].includes(`ContentType="${type}"`) && zipEntry(bytes, part)) return kind
  }
  return `a ZIP declaring neither main part: ${types.slice(0, 300)}`
}
