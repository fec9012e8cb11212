import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import { signToken } from "../tokens"

/** Path of the one-click unsubscribe endpoint (outside /store: mail clients send no API key). */
export const UNSUBSCRIBE_PATH = "/hooks/newsletter/unsubscribe"

/** The secret that signs links: the `linkSecret` option, else the app's JWT secret. */
export function resolveLinkSecret(
  container: Pick<MedusaContainer, "resolve">,
  options: ResolvedNewsletterOptions
): string {
  if (options.linkSecret) {
    return options.linkSecret
  }
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  return String(config.projectConfig.http.jwtSecret)
}

const trimSlash = (url: string) => url.replace(/\/+$/, "")

/** The recipient's one-click unsubscribe URL (RFC 8058 header and `<#配信停止URL>`). */
export function unsubscribeUrl(
  options: ResolvedNewsletterOptions,
  secret: string,
  recipientId: string
): string {
  const token = signToken({ purpose: "unsubscribe", r: recipientId }, secret)
  return `${trimSlash(options.backendUrl)}${UNSUBSCRIBE_PATH}/${token}`
}

/**
 * The recipient's personal coupon link on the storefront (`<#クーポンURL>`, S9):
 * `{storefrontUrl}/{couponPath}/{token}`. The storefront page posts the token to
 * `POST /store/newsletter-coupons/{token}/claim`.
 */
export function couponUrl(
  options: ResolvedNewsletterOptions,
  secret: string,
  recipientId: string
): string {
  const token = signToken({ purpose: "coupon", r: recipientId }, secret)
  const path = options.couponPath.replace(/^\/+|\/+$/g, "")
  return `${trimSlash(options.storefrontUrl)}/${path}/${token}`
}
