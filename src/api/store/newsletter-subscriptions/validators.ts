import { z } from "@medusajs/framework/zod"

/** `POST /store/newsletter-subscriptions`: a storefront signup (ダブルオプトイン). */
export const StoreCreateNewsletterSubscription = z
  .object({
    email: z.email("must be an email address").max(320, "must be at most 320 characters"),
    /** The page of the signup form, kept as consent evidence. */
    source_url: z
      .url({ protocol: /^https?$/, error: "must be an http or https URL" })
      .max(2000, "must be at most 2000 characters")
      .optional(),
  })
  .strict()
export type StoreCreateNewsletterSubscriptionType = z.infer<typeof StoreCreateNewsletterSubscription>

/** `POST /store/newsletter-subscriptions/confirm`: the token of the confirmation link. */
export const StoreConfirmNewsletterSubscription = z
  .object({ token: z.string("must be a string").min(1, "must not be empty").max(4096, "must be at most 4096 characters") })
  .strict()
export type StoreConfirmNewsletterSubscriptionType = z.infer<typeof StoreConfirmNewsletterSubscription>
