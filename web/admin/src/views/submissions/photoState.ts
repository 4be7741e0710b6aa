// The editor's state of one photo (a news photo or one side of a before/after pair).
import type { Gps, PhotoInput, SubmissionPhoto } from '@/api/submissions'

export interface PhotoState {
  state: 'empty' | 'uploading' | 'done' | 'failed'
  fileId: number
  caption: string
  thumbUrl: string
  takenAt: string | null
  gps: Gps | null
  percent: number
  error: string
  name: string
  file: File | null
}

export function emptyPhoto(): PhotoState {
  return { state: 'empty', fileId: 0, caption: '', thumbUrl: '', takenAt: null, gps: null, percent: 0, error: '', name: '', file: null }
}

// A stored photo of the item being edited.
export function photoFrom(p: SubmissionPhoto | null | undefined): PhotoState {
  if (!p || !p.fileId) return emptyPhoto()
  return { ...emptyPhoto(), state: 'done', fileId: p.fileId, caption: p.caption ?? '', thumbUrl: p.thumbUrl || `/api/v1/files/${p.fileId}/thumb`, takenAt: p.takenAt ?? null, gps: p.gps ?? null }
}

export function photoInput(p: PhotoState): PhotoInput {
  return { fileId: p.fileId, caption: p.caption.trim() }
}
