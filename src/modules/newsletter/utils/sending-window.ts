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

/** Why a sending window is refused: a stable code, the English words and the ends at fault. */
export type SendingWindowProblem = {
  code: string
  message: string
  fields: Array<"window_start" | "window_end">
}

/**
 * Checks a category's sending window (S12). Both ends or neither must be given; they must differ.
 * Returns the problem (`sending_window_incomplete`, `sending_window_invalid_time`,
 * `sending_window_empty`), or null when the window is valid. End before start crosses midnight.
 */
export function validateSendingWindow(
  start: string | null | undefined,
  end: string | null | undefined
): SendingWindowProblem | null {
  const hasStart = start !== null && start !== undefined
  const hasEnd = end !== null && end !== undefined
  if (hasStart !== hasEnd) {
    return {
      code: "sending_window_incomplete",
      message: "window_start and window_end must be given together (or both left empty for any time)",
      fields: [hasStart ? "window_end" : "window_start"],
    }
  }
  if (!hasStart) {
    return null
  }
  if (!isTimeOfDay(start!) || !isTimeOfDay(end!)) {
    return {
      code: "sending_window_invalid_time",
      message: "window_start and window_end must be times of day written HH:MM (00:00–23:59)",
      fields: (["window_start", "window_end"] as const).filter((_, i) => !isTimeOfDay([start!, end!][i])),
    }
  }
  if (start === end) {
    return {
      code: "sending_window_empty",
      message: "window_start and window_end must differ (leave both empty to allow any time)",
      fields: ["window_end"],
    }
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

/**
 * When the category's sending window next opens after `instant` (S12): the next moment whose
 * local time in `timeZone` is `window_start`, DST-aware. Null while the window is open, and for a
 * category without a window (always open). (A start inside a DST gap, e.g. 02:30 on a
 * spring-forward day, has no such moment that day: the answer is then the hour after it.)
 */
export function nextWindowOpening(
  instant: Date,
  window: { window_start: string | null; window_end: string | null } | null | undefined,
  timeZone: string
): Date | null {
  if (isWithinSendingWindow(instant, window, timeZone)) {
    return null
  }
  const start = minutesOfDay(window!.window_start!) * 60
  const wholeSecond = Math.floor(instant.getTime() / 1000) * 1000
  const ahead = (start - localSecondsOfDay(instant, timeZone) + DAY_SECONDS) % DAY_SECONDS || DAY_SECONDS
  let candidate = new Date(wholeSecond + ahead * 1000)
  // Across a DST change the wall clock jumps: move by what it shows too much or too little.
  for (let i = 0; i < 2; i++) {
    const off = wallDifference(start, localSecondsOfDay(candidate, timeZone))
    if (!off) {
      break
    }
    candidate = new Date(candidate.getTime() + off * 1000)
  }
  return candidate
}

const DAY_SECONDS = 24 * 3600

/** `want − shown` in seconds of wall clock, taken the short way round midnight (−12 h … +12 h]. */
function wallDifference(want: number, shown: number): number {
  const diff = (want - shown) % DAY_SECONDS
  return diff > DAY_SECONDS / 2 ? diff - DAY_SECONDS : diff <= -DAY_SECONDS / 2 ? diff + DAY_SECONDS : diff
}
