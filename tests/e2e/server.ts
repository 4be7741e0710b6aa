// Starts `minsheng serve` on a fresh temporary SQLite database and a free port. The binary is built by
// `make` (build/dev/minsheng by default; MINSHENG_BIN overrides), the back office by `npm run build`.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const DEMO_PASSWORD = 'E2e-Demo-Pass-2024!'

export function binary(): string {
  const bin = process.env.MINSHENG_BIN ?? join(ROOT, 'build', 'dev', 'minsheng')
  if (!existsSync(bin)) throw new Error(`minsheng binary not found: ${bin} (build it first, or set MINSHENG_BIN)`)
  const index = join(ROOT, 'web', 'admin', 'dist', 'index.html')
  if (!existsSync(index)) throw new Error(`${index} missing: run "cd web/admin && npm run build" first`)
  return bin
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => ok(port))
    })
  })
}

export interface Running {
  url: string
  dir: string
  output: string // what the setup command printed (init prints the administrator's password)
  stop: () => Promise<void>
}

// kind "demo": the demo town with DEMO_PASSWORD for every account; "init": a new database with one
// administrator whose random password must be changed at first login.
export async function startServer(kind: 'demo' | 'init'): Promise<Running> {
  const bin = binary()
  const dir = mkdtempSync(join(tmpdir(), 'minsheng-e2e-'))
  const config = join(dir, 'minsheng.toml')
  writeFileSync(
    config,
    [
      `key_file = ${JSON.stringify(join(dir, 'minsheng.key'))}`,
      `admin_dir = ${JSON.stringify(join(ROOT, 'web', 'admin', 'dist'))}`,
      `static_dir = ${JSON.stringify(join(ROOT, 'static'))}`,
      'access_log = false',
      'log_level = "warn"',
      '[security]',
      'argon2_memory_kib = 1024',
      'argon2_iterations = 1',
      'ip_failures_per_10min = 1000',
      '',
    ].join('\n'),
  )
  const db = `sqlite:${join(dir, 'minsheng.db')}`
  const args = ['--config', config, '--db', db]
  const env = { ...process.env, MINSHENG_LOG_LEVEL: 'warn' }
  const output = execFileSync(bin, [...args, ...(kind === 'demo' ? ['demo', '--password', DEMO_PASSWORD] : ['init'])], {
    cwd: dir,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const port = await freePort()
  const child: ChildProcess = spawn(bin, [...args, 'serve', '--listen', `127.0.0.1:${port}`], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`minsheng serve exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error('minsheng serve did not answer /healthz within 20 s')
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    rmSync(dir, { recursive: true, force: true })
  }
  return { url, dir, output, stop }
}
