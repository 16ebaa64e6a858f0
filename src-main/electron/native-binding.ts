import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { app } from 'electron'

/**
 * In a checkout, node_modules/better-sqlite3 is built for Node (tests need it), so `npm start`
 * builds a second copy for Electron's ABI into .electron-native/ (scripts/ensure-electron-sqlite.mjs).
 * A packaged app has node_modules rebuilt for Electron by electron-builder and needs nothing.
 */
export function nativeSqliteBinding(): string | undefined {
  if (app.isPackaged) return undefined
  const file = join(app.getAppPath(), '.electron-native', `better_sqlite3-electron-${process.versions.electron}-${process.arch}.node`)
  return existsSync(file) ? file : undefined
}
