// The signed-in user: loaded from /auth/me (or the login answer); its permissions drive menu and buttons.
import { defineStore } from 'pinia'
import * as auth from '@/api/auth'
import { ApiError, setCsrfToken } from '@/api/http'

export const useSessionStore = defineStore('session', {
  state: () => ({
    session: null as auth.Session | null,
    loaded: false,
  }),
  getters: {
    user: (s) => s.session?.user ?? null,
    permissions: (s) => s.session?.permissions ?? [],
    mustChangePassword: (s) => s.session?.mustChangePassword ?? false,
  },
  actions: {
    has(permission?: string): boolean {
      return !permission || this.permissions.includes(permission)
    },
    set(session: auth.Session | null) {
      this.session = session
      this.loaded = true
      setCsrfToken(session?.csrfToken ?? '')
    },
    // Loads the session once (null when not signed in).
    async ensure(): Promise<auth.Session | null> {
      if (this.loaded) return this.session
      return this.refresh()
    },
    async refresh(): Promise<auth.Session | null> {
      try {
        this.set(await auth.me())
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) this.set(null)
        else throw e
      }
      return this.session
    },
    async login(username: string, password: string) {
      this.set(await auth.login(username, password))
      return this.session!
    },
    async logout() {
      try {
        await auth.logout()
      } finally {
        this.set(null)
      }
    },
  },
})
