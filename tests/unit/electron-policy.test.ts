/**
 * The Electron shell's decisions, which cannot run here without an Electron binary, as the pure
 * modules main.ts wires up: where the window may go, what is handed to the system browser or mail
 * client, and which file an app:// request gets (on real files in a temp folder). Plus guards on
 * electron-builder.yml's fuses and main.ts's wiring.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { resolveAppPath, serveAppRequest } from '../../src-main/electron/app-protocol'
import { allowsInWindowOnly, APP_ENTRY_URL, decideNavigation, externalTarget, isAppOrigin, isAppPage } from '../../src-main/electron/navigation-policy'
import { RENDERER_CSP } from '../../src-shared/web-content'
import { tempDir } from './helpers'

const ROOT = resolve(__dirname, '../..')
const DEV = 'http://localhost:5173'

describe('navigation policy', () => {
  test("the app's own pages stay in the window, with any route in the hash", () => {
    expect(APP_ENTRY_URL).toBe('app://crm/index.html')
    for (const url of ['app://crm/', 'app://crm/index.html', 'app://crm/index.html#/contacts/0192', 'app://crm/#/settings']) {
      expect(isAppPage(url), url).toBe(true)
      expect(decideNavigation(url)).toEqual({ allow: true })
      expect(allowsInWindowOnly(url)).toBe(true)
    }
  })

  test('lookalikes of the app origin, other app paths and other schemes are not the app', () => {
    for (const url of [
      'app://crm.evil/index.html',
      'app://evil.crm/index.html',
      'app://crm@evil/index.html',
      'app://user:pw@crm/index.html',
      'app://crm:8080/index.html',
      'app://сrm/index.html', // Cyrillic с
      'app://xn--rm-elc/index.html',
      'app://CRM/index.html',
      'app://crm/assets/index.js', // a file of ours, not a page
      'app://crm/other.html',
      'app:crm/index.html',
      'file:///work/main/out/renderer/index.html',
      'http://crm/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppPage(url), url).toBe(false)
      expect(allowsInWindowOnly(url), url).toBe(false)
      expect(decideNavigation(url).allow, url).toBe(false)
    }
    expect(isAppOrigin('app://crm')).toBe(true)
    expect(isAppOrigin('app://crm.evil')).toBe(false)
  })

  test('in development the dev server origin is the app, and nothing else is (not even app://crm)', () => {
    expect(isAppPage(`${DEV}/`, DEV)).toBe(true)
    expect(isAppPage(`${DEV}/index.html#/pipeline`, DEV)).toBe(true)
    expect(isAppOrigin(DEV, DEV)).toBe(true)
    for (const url of ['http://localhost:51730/', 'http://localhost:5174/', 'https://localhost:5173/', 'http://127.0.0.1:5173/', 'http://localhost:5173.evil.example/', 'app://crm/index.html']) {
      expect(isAppPage(url, DEV), url).toBe(false)
      expect(allowsInWindowOnly(url, DEV), url).toBe(false)
    }
  })

  test('a link out opens in the system only for http(s) and plain mailto:, as the parsed URL', () => {
    expect(externalTarget('https://example.com/path?q=1#top')).toBe('https://example.com/path?q=1#top')
    expect(externalTarget('http://example.com')).toBe('http://example.com/')
    expect(externalTarget('HTTPS://Example.COM/A')).toBe('https://example.com/A')
    expect(externalTarget('https://:@example.com/')).toBe('https://example.com/') // empty credentials are dropped, not passed on
    expect(externalTarget('mailto:ana@example.com')).toBe('mailto:ana@example.com')
    expect(externalTarget('mailto:ana@example.com,bo@example.org?subject=Hello%20there&body=Hi')).toBe(
      'mailto:ana@example.com,bo@example.org?subject=Hello%20there&body=Hi',
    )
    // IDN: handed over as punycode, so the browser shows the real host of a lookalike.
    expect(externalTarget('https://exаmple.com/')).toBe('https://xn--exmple-4nf.com/')
    expect(externalTarget('https://münchen.example/')).toBe('https://xn--mnchen-3ya.example/')
    // A navigation out of the window: refused there, opened outside.
    expect(decideNavigation('https://example.com/')).toEqual({ allow: false, openExternally: 'https://example.com/' })
    expect(decideNavigation('mailto:ana@example.com')).toEqual({ allow: false, openExternally: 'mailto:ana@example.com' })
  })

  test('hostile links are never handed to the system', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'file:///etc/passwd',
      'file://server/share/x.exe',
      'blob:https://example.com/0b1a',
      'vbscript:msgbox(1)',
      'app://crm/index.html',
      'ms-msdt:/id PCWDiagnostic',
      'search-ms:query=x',
      'smb://server/share',
      'tel:+15550100',
      'ssh://host',
      'https://user:secret@example.com/',
      'https://bank.example@evil.example/',
      'http://',
      'https://',
      '//example.com/path',
      '/relative/path',
      'mailto:',
      'mailto:ana@example.com?attach=/etc/passwd',
      'mailto:ana@example.com?subject=x&Attach=C:\\secret.txt',
      'mailto:ana@example.com%0D%0ABcc:evil@example.com',
      'mailto:/etc/passwd',
      'mailto:not-an-address',
      `https://example.com/${'a'.repeat(2100)}`,
      'not a url',
      '',
    ]) {
      expect(externalTarget(url), url).toBeNull()
      if (!isAppPage(url)) expect(decideNavigation(url), url).toEqual({ allow: false, openExternally: null })
    }
  })
})

function makeRenderer() {
  const base = tempDir()
  const dir = join(base, 'renderer')
  mkdirSync(join(dir, 'assets'), { recursive: true })
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>CRM</title>')
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(join(dir, 'assets', 'index-abc.css'), 'body{}')
  writeFileSync(join(dir, 'assets', 'font.woff2'), 'w')
  writeFileSync(join(dir, 'assets', 'noextension'), 'x')
  writeFileSync(join(base, 'secret.txt'), 'secret')
  mkdirSync(join(base, 'renderer-old'))
  writeFileSync(join(base, 'renderer-old', 'index.html'), 'old')
  symlinkSync(join(base, 'secret.txt'), join(dir, 'assets', 'link.js'))
  return { base, dir }
}

const get = (dir: string, url: string, method = 'GET') => serveAppRequest(dir, { url, method })

describe('app:// protocol', () => {
  test('serves the build with the right content types and the CSP header', async () => {
    const { dir } = makeRenderer()
    for (const [url, type, body] of [
      ['app://crm/', 'text/html; charset=utf-8', '<!doctype html><title>CRM</title>'],
      ['app://crm/index.html#/contacts', 'text/html; charset=utf-8', '<!doctype html><title>CRM</title>'],
      ['app://crm/assets/index-abc.js?v=1', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['app://crm/assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
      ['app://crm/assets/font.woff2', 'font/woff2', 'w'],
      ['app://crm/assets/noextension', 'application/octet-stream', 'x'],
      ['app://crm/assets//index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ]) {
      const response = await get(dir, url)
      expect(response.status, url).toBe(200)
      expect(response.headers.get('content-type'), url).toBe(type)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP)
      expect(await response.text(), url).toBe(body)
    }
    const head = await get(dir, 'app://crm/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    expect((await get(dir, 'app://crm/index.html', 'POST')).status).toBe(405)
  })

  test('missing files and folders are 404', async () => {
    const { dir } = makeRenderer()
    for (const url of ['app://crm/missing.js', 'app://crm/assets', 'app://crm/assets/', 'app://crm/assets/index-abc.js/x']) {
      const response = await get(dir, url)
      expect(response.status, url).toBe(404)
      expect(await response.text()).toBe('Not found')
    }
  })

  test('no request reaches a file outside the renderer folder, however it is encoded', async () => {
    const { dir, base } = makeRenderer()
    for (const url of [
      'app://crm/../secret.txt',
      'app://crm/%2e%2e/secret.txt',
      'app://crm/%2E%2E/%2e%2e/%2e%2e/etc/passwd',
      'app://crm/.%2e/secret.txt',
      'app://crm/assets/%2e%2e/%2e%2e/secret.txt',
      'app://crm/..%2fsecret.txt',
      'app://crm/..%2Fsecret.txt',
      'app://crm/assets%2f..%2f..%2fsecret.txt',
      'app://crm/..%5csecret.txt',
      'app://crm/..%255csecret.txt',
      'app://crm/%2e%2e%2fsecret.txt',
      `app://crm/${encodeURIComponent(join(base, 'secret.txt'))}`,
      'app://crm/C:%5cWindows%5cwin.ini',
      'app://crm/..%2frenderer-old/index.html',
      'app://crm/%2e%2e/renderer-old/index.html',
      'app://crm/index.html%00.js',
      'app://crm/assets/link.js', // a symlink that leads out
      'app://evil/index.html',
      'app://crm.evil/index.html',
      'app://user:pw@crm/index.html',
      'file:///etc/passwd',
      `file://${join(base, 'secret.txt')}`,
    ]) {
      const response = await get(dir, url)
      expect(response.status, url).not.toBe(200)
      expect(await response.text(), url).not.toMatch(/secret|old/)
    }
  })

  test('bad percent-encoding is a 400, not a crash', async () => {
    const { dir } = makeRenderer()
    for (const url of ['app://crm/%E0%A4%A', 'app://crm/%zz', 'app://crm/%', 'app://crm/%C0%AF']) {
      expect((await get(dir, url)).status, url).toBe(400)
    }
    expect(resolveAppPath(dir, 'not a url')).toEqual({ ok: false, status: 400 })
  })

  test('resolveAppPath maps app://crm/ to index.html and keeps every answer inside the folder', () => {
    const { dir } = makeRenderer()
    expect(resolveAppPath(dir, 'app://crm/')).toEqual({ ok: true, path: join(dir, 'index.html') })
    expect(resolveAppPath(dir, 'app://crm/assets/index-abc.js')).toEqual({ ok: true, path: join(dir, 'assets', 'index-abc.js') })
    expect(resolveAppPath(dir, 'app://crm/..%2f..%2fetc%2fpasswd')).toEqual({ ok: false, status: 404 })
    // WHATWG URL parsing already folds %2e%2e segments: what is left stays inside the folder.
    expect(resolveAppPath(dir, 'app://crm/%2e%2e/%2e%2e/etc/passwd')).toEqual({ ok: true, path: join(dir, 'etc', 'passwd') })
  })
})

describe('packaging and wiring guards', () => {
  test('electron-builder.yml sets the fuses: no run-as-node, NODE_OPTIONS or --inspect; asar only and checked; cookies encrypted; no file:// extras', () => {
    const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')
    const block = /^electronFuses:\n((?:[ \t]+.*\n?)+)/m.exec(yml)
    expect(block, 'electronFuses block').not.toBeNull()
    const fuses = Object.fromEntries(
      block![1]
        .split('\n')
        .map((line) => line.replace(/#.*/, '').trim())
        .filter(Boolean)
        .map((line) => line.split(/:\s*/)),
    )
    expect(fuses).toEqual({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
      grantFileProtocolExtraPrivileges: 'false',
      loadBrowserProcessSpecificV8Snapshot: 'false',
    })
    expect(yml).not.toMatch(/^asar:\s*false/m)
  })

  test("electron-builder.yml passes the installed electron-builder's own schema (a misspelt fuse would be refused at packaging)", async () => {
    // electron-builder's validator and YAML reader, resolved from its own folder (as it loads them).
    const fromBuilder = createRequire(createRequire(join(ROOT, 'package.json')).resolve('app-builder-lib/package.json'))
    const { validateConfiguration } = fromBuilder('./out/util/config/config') as {
      validateConfiguration(config: unknown, debug: { add(): void; isEnabled: boolean }): Promise<void>
    }
    const { load } = fromBuilder('js-yaml') as { load(text: string): Record<string, unknown> }
    const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'))
    const debug = { add() {}, isEnabled: false }
    await expect(validateConfiguration(config, debug)).resolves.toBeUndefined()
    // The check can fail: a wrong fuse value is refused.
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNode: 'off' } }, debug)).rejects.toThrow(/electronFuses/)
  }, 60_000) // loading electron-builder takes seconds on a busy machine

  test('main.ts registers app:// before ready, loads the renderer from it (never file://) and guards every way out', () => {
    const main = readFileSync(join(ROOT, 'src-main/electron/main.ts'), 'utf8')
    const register = main.indexOf('protocol.registerSchemesAsPrivileged(')
    expect(register).toBeGreaterThan(-1)
    expect(register).toBeLessThan(main.indexOf('app.whenReady()'))
    expect(main).toContain('protocol.handle(APP_SCHEME')
    expect(main).not.toMatch(/loadFile\(|file:\/\//)
    for (const event of ["'will-navigate'", "'will-frame-navigate'", "'will-redirect'", "'will-attach-webview'", 'setWindowOpenHandler']) {
      expect(main, event).toContain(event)
    }
    // The only call to the system takes what navigation-policy.ts let through.
    expect(main.match(/openExternal\(/g)).toHaveLength(1)
    expect(main).toContain('shell.openExternal(url)')
    expect(main.match(/openOutside\((decision\.openExternally|target)\)/g)).toHaveLength(2)
  })
})
