const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/

/** Whether `value` is a local time of day written "HH:MM" (00:00–23:59). */
export function isTimeOfDay(value: string): boolean {
  return TIME_PATTERN.test(value)
}

/** Minutes since local midnight of an "HH:MM" time. */
export function minutesOfDay(value: string): number {
  const match = TIME_PATTERN.exec(value)
  if (!match) {
    throw new Error(`"${value}" is not a time of day (HH:MM)`)
  }
  return Number(match[1]) * 60 + Number(match[2])
}

/**
 * Checks a category's sending window (S12). Both ends or neither must be given; they must differ.
 * Returns a problem in words, or null when the window is valid. End before start crosses midnight.
 */
export function validateSendingWindow(
  start: string | null | undefined,
  end: string | null | undefined
): string | null {
  const hasStart = start !== null && start !== undefined
  const hasEnd = end !== null && end !== undefined
  if (hasStart !== hasEnd) {
    return "window_start and window_end must be given together (or both left empty for any time)"
  }
  if (!hasStart) {
    return null
  }
  if (!isTimeOfDay(start!) || !isTimeOfDay(end!)) {
    return "window_start and window_end must be times of day written HH:MM (00:00–23:59)"
  }
  if (start === end) {
    return "window_start and window_end must differ (leave both empty to allow any time)"
  }
  return null
}
