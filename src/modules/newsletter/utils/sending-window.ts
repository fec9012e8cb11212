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

/** Seconds since local midnight of `instant` in `timeZone` (DST-aware, via Intl). */
export function localSecondsOfDay(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant)
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return part("hour") * 3600 + part("minute") * 60 + part("second")
}

/**
 * Whether mail of a category may be sent at `instant` (S12). The window is [start, end) in local
 * time of `timeZone`; an end before the start crosses midnight (22:00–06:00). No window means any
 * time. 20:59:59 is inside 08:00–21:00, 21:00:00 is not.
 */
export function isWithinSendingWindow(
  instant: Date,
  window: { window_start: string | null; window_end: string | null } | null | undefined,
  timeZone: string
): boolean {
  if (!window?.window_start || !window.window_end) {
    return true
  }
  const now = localSecondsOfDay(instant, timeZone)
  const start = minutesOfDay(window.window_start) * 60
  const end = minutesOfDay(window.window_end) * 60
  return start < end ? now >= start && now < end : now >= start || now < end
}
