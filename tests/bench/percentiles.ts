/** p50 and p95 in ms of ten runs after two warm-up runs. */
export async function percentiles(run: () => Promise<void>): Promise<{ p50: number; p95: number }> {
  const samples: number[] = []
  for (let i = 0; i < 12; i++) {
    const t = performance.now()
    await run()
    if (i >= 2) samples.push(performance.now() - t)
  }
  samples.sort((a, b) => a - b)
  return { p50: samples[Math.floor(samples.length * 0.5)], p95: samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)] }
}
