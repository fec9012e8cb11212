import { z } from "@medusajs/framework/zod"

/** `POST /store/customers/me/newsletter-subscription` */
export const StoreUpdateNewsletterSubscription = z
  .object({ subscribed: z.boolean("must be true or false") })
  .strict()
export type StoreUpdateNewsletterSubscriptionType = z.infer<typeof StoreUpdateNewsletterSubscription>
