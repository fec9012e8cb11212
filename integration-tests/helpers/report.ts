/** Prints a line of figures outside Jest's console capture, so CI logs show them. */
export function report(caseName: string, figures: Record<string, unknown>) {
  process.stdout.write(
    `\n[reliability] ${caseName}: ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")}\n`
  )
}

/** A deterministic random generator (Park–Miller), so a failing run can be replayed. */
export function seeded(seed: number) {
  let state = seed
  return () => (state = (state * 16807) % 2147483647) / 2147483647
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j], copy[i]]
  }
  return copy
}
