import type { Logger } from './clock'

/**
 * Teardown in one place (after VS Code's DisposableStore): whatever a session starts or subscribes
 * to adds its undo here, and dispose() runs them newest first, each even if another one throws.
 */
export class DisposableStore {
  private readonly items: (() => void)[] = []
  private disposed = false

  constructor(private readonly log: Logger) {}

  add(dispose: () => void): void {
    if (this.disposed) {
      dispose()
      return
    }
    this.items.push(dispose)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const dispose of this.items.splice(0).reverse()) {
      try {
        dispose()
      } catch (error) {
        this.log.error('A teardown step failed; the others still ran', error)
      }
    }
  }
}
