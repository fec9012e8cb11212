import type { MedusaContainer } from "@medusajs/framework/types"

/** Where the plugin reads the time. Tests register their own clock to move time at will. */
export interface NewsletterClock {
  now(): Date
}

/** Container key of the clock; register a value under it to replace the system clock. */
export const NEWSLETTER_CLOCK = "newsletterClock"

export const systemClock: NewsletterClock = { now: () => new Date() }

export function resolveClock(container: Pick<MedusaContainer, "hasRegistration" | "resolve">): NewsletterClock {
  return container.hasRegistration(NEWSLETTER_CLOCK)
    ? container.resolve<NewsletterClock>(NEWSLETTER_CLOCK)
    : systemClock
}
