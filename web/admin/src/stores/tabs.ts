// The page tabs (RuoYi "tags view"): the pages visited in this session, closable one by one, all but one
// (关闭其他) or all (关闭全部).
import { defineStore } from 'pinia'

export interface Tab {
  path: string
  fullPath: string
  titleKey: string
}

export const useTabsStore = defineStore('tabs', {
  state: () => ({ tabs: [] as Tab[] }),
  actions: {
    open(tab: Tab) {
      const existing = this.tabs.find((t) => t.path === tab.path)
      if (existing) existing.fullPath = tab.fullPath
      else this.tabs.push(tab)
    },
    // Returns the tab to show when the closed one was active.
    close(path: string): Tab | undefined {
      const i = this.tabs.findIndex((t) => t.path === path)
      if (i < 0) return undefined
      this.tabs.splice(i, 1)
      return this.tabs[i] ?? this.tabs[i - 1]
    },
    // 关闭其他: keeps only the given page's tab.
    closeOthers(path: string) {
      this.tabs = this.tabs.filter((t) => t.path === path)
    },
    clear() {
      this.tabs = []
    },
  },
})
