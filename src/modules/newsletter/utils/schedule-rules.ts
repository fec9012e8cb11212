import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../errors"

/** Formats an instant as "YYYY-MM-DD HH:mm" in the given time zone, with the zone's name. */
export function formatLocalDateTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date)
  const part = (type: string) => parts.find((p) => p.type === type)?.value
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")} (${timeZone})`
}

/** The earliest send time a reservation made at `now` may have (S4). */
export function earliestSendTime(now: Date, minLeadMinutes: number): Date {
  return new Date(now.getTime() + minLeadMinutes * 60_000)
}

/**
 * No immediate sending (S4): the send time must be at least `minLeadMinutes` after `now`.
 * The error names the first whole minute that is allowed, in the store's time zone, so a store
 * owner who picks exactly that time is accepted. Its code is `send_time_too_soon` {min_minutes,
 * earliest_at, time_zone} (`send_time_in_past` {earliest_at, time_zone} when no lead time is
 * configured), also given as the problem of the field `scheduled_at`.
 */
export function assertLeadTime(
  scheduledAt: Date,
  now: Date,
  minLeadMinutes: number,
  timeZone: string
): void {
  const earliest = earliestSendTime(now, minLeadMinutes)
  if (scheduledAt.getTime() < earliest.getTime()) {
    const firstAllowedMinute = new Date(Math.ceil(earliest.getTime() / 60_000) * 60_000)
    const rule =
      minLeadMinutes === 0
        ? "must not be in the past"
        : `must be at least ${minLeadMinutes} minute${minLeadMinutes === 1 ? "" : "s"} from now`
    const code = minLeadMinutes === 0 ? "send_time_in_past" : "send_time_too_soon"
    const params = {
      ...(minLeadMinutes === 0 ? {} : { min_minutes: minLeadMinutes }),
      earliest_at: firstAllowedMinute.toISOString(),
      time_zone: timeZone,
    }
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      code,
      `scheduled_at ${rule} (earliest: ${formatLocalDateTime(firstAllowedMinute, timeZone)})`,
      params,
      [{ path: "scheduled_at", code, params }]
    )
  }
}

/**
 * The provisional send time of a copy (複製): one day after `now`, rounded up to the next whole
 * hour of the store's time zone (zones with half-hour offsets round on their own hours). The
 * owner confirms or changes it on the edit screen before reserving.
 */
export function copySendTime(now: Date, timeZone: string): Date {
  const dayLater = new Date(now.getTime() + 24 * 60 * 60_000)
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(dayLater)
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? 0)
  const second = Number(parts.find((p) => p.type === "second")?.value ?? 0)
  const intoHour = (minute * 60 + second) * 1000 + dayLater.getUTCMilliseconds()
  return intoHour === 0 ? dayLater : new Date(dayLater.getTime() - intoHour + 60 * 60_000)
}
