// One demo-town server for the whole run; its address goes to the tests in MINSHENG_E2E_URL.
import { startServer } from './server'

export default async function globalSetup() {
  const server = await startServer('demo')
  process.env.MINSHENG_E2E_URL = server.url
  return async () => {
    await server.stop()
  }
}
