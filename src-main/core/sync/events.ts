/**
 * The server's live wake-ups: `GET /v1/workspaces/:id/events` (Server-Sent Events over fetch,
 * parsed by eventsource-parser). An `ops` event says the workspace's head moved; past what this
 * device has pulled, it asks for a cycle. A wake-up only: a lost event costs latency, never data
 * (every cycle pulls to the head). `Last-Event-ID` resumes where the stream dropped.
 */
import { createParser } from 'eventsource-parser'
import type { Logger } from '../clock'
import type { SyncHttp } from './http'

export interface EventsHandle {
  close(): void
}

export function openEvents(p: {
  http: SyncHttp
  token: string
  workspaceId: string
  /** The seq this device has pulled to. */
  known(): number
  onHead(head: number): void
  /** The stream ended or failed (not after close()). */
  onClosed(): void
  log: Logger
}): EventsHandle {
  const controller = new AbortController()
  let lastEventId: string | undefined
  const parser = createParser({
    onEvent(event) {
      if (event.id) lastEventId = event.id
      if (event.event !== 'ops') return
      try {
        const head = Number((JSON.parse(event.data) as { head?: unknown }).head)
        if (Number.isFinite(head) && head > p.known()) p.onHead(head)
      } catch {
        // a malformed wake-up: the next cycle pulls anyway
      }
    },
  })
  void (async () => {
    try {
      const response = await p.http.stream(`/v1/workspaces/${encodeURIComponent(p.workspaceId)}/events`, p.token, controller.signal, lastEventId)
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        parser.feed(value)
      }
    } catch (error) {
      if (!controller.signal.aborted) p.log.info('Sync live updates dropped', (error as Error)?.message)
    }
    if (!controller.signal.aborted) p.onClosed()
  })()
  return { close: () => controller.abort() }
}
