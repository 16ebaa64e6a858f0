// Types for ensure-test-tools.mjs (imported by playwright.config.ts).
export function onPath(name: string, path?: string): string | null
export function aptInstall(packages: string[]): boolean
export function findChromium(env?: NodeJS.ProcessEnv): string | null
export function ensureChromium(): string
