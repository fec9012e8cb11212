import { model } from "@medusajs/framework/utils"

/**
 * A pending consent request of the storefront's signup (ダブルオプトイン): the address asked for
 * the newsletter and was sent a confirmation mail whose signed link names this row. It is not a
 * subscription: an address whose request expires unconfirmed has no subscription. Kept with its
 * evidence (time, IP, user agent, page) until the confirmation copies it into the subscription's
 * history, and at least a day (the per-address mail limits count these rows); the every-minute
 * job deletes the expired ones.
 */
export const NewsletterSignupRequest = model
  .define("newsletter_signup_request", {
    id: model.id({ prefix: "nlsreq" }).primaryKey(),
    // Normalized (trimmed, lower-case).
    email: model.text(),
    // The link expires then (the `signup.confirmationHours` option after the request).
    expires_at: model.dateTime(),
    // Set once the confirmation mail was handed over; null while it is owed (the subscriber of
    // `newsletter.signup_requested` sends it after the signup's answer, the every-minute job any
    // it left owed).
    mail_sent_at: model.dateTime().nullable(),
    // Set once, by the confirmation: the link can't be used again.
    confirmed_at: model.dateTime().nullable(),
    request_ip: model.text().nullable(),
    request_user_agent: model.text().nullable(),
    // The storefront page of the signup form, as the storefront sent it.
    source_url: model.text().nullable(),
  })
  .indexes([{ on: ["email", "created_at"] }, { on: ["expires_at"] }])
