import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import { createLinkKeyring, LinkKeyring, signLinkToken } from "../tokens"

/** Path of the one-click unsubscribe endpoint (outside /store: mail clients send no API key). */
export const UNSUBSCRIBE_PATH = "/hooks/newsletter/unsubscribe"

/** The shortest secret accepted to sign links (the `linkSecret` option, or the app's jwtSecret). */
export const MIN_LINK_SECRET_LENGTH = 32

/** What a link is built from besides its key: the URLs (frozen with the article when it sends). */
export type LinkUrls = Pick<ResolvedNewsletterOptions, "backendUrl" | "storefrontUrl" | "couponPath">

/** The options the link keys come from. */
export type LinkSecretOptions = Pick<ResolvedNewsletterOptions, "linkSecret" | "previousLinkSecrets">

/**
 * The keyring that signs and verifies links: derived from the `linkSecret` option (and
 * `previousLinkSecrets`), else from the app's `http.jwtSecret` when it has at least 32 characters.
 *
 * @throws MedusaError INVALID_ARGUMENT, in the plugin options' message format, when neither gives
 * a secret long enough: the boot stops and says what to set.
 */
export function linkKeysFor(options: LinkSecretOptions, jwtSecret: unknown): LinkKeyring {
  const previous = options.previousLinkSecrets ?? []
  if (options.linkSecret) {
    return createLinkKeyring(options.linkSecret, previous)
  }
  if (typeof jwtSecret === "string" && jwtSecret.length >= MIN_LINK_SECRET_LENGTH) {
    return createLinkKeyring(jwtSecret, previous)
  }
  throw new MedusaError(
    MedusaError.Types.INVALID_ARGUMENT,
    `medusa-plugin-newsletter: invalid plugin options: linkSecret is required (at least ${MIN_LINK_SECRET_LENGTH} characters) because the app's http.jwtSecret is missing or shorter than ${MIN_LINK_SECRET_LENGTH} characters`
  )
}

/** The app's `http.jwtSecret`, or undefined where there is no app config (the module test tier). */
export function appJwtSecret(configModule: unknown): unknown {
  return (configModule as { projectConfig?: { http?: { jwtSecret?: unknown } } } | undefined)
    ?.projectConfig?.http?.jwtSecret
}

// The options object is the module's one resolved copy: derive its keys once, not per request.
const keyringCache = new WeakMap<object, LinkKeyring>()

/** The link keyring of the running app (see {@link linkKeysFor}), derived once per options object. */
export function resolveLinkKeys(
  container: Pick<MedusaContainer, "resolve">,
  options: ResolvedNewsletterOptions
): LinkKeyring {
  let keyring = keyringCache.get(options)
  if (!keyring) {
    const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
    keyring = linkKeysFor(options, appJwtSecret(config))
    keyringCache.set(options, keyring)
  }
  return keyring
}

const trimSlash = (url: string) => url.replace(/\/+$/, "")

/**
 * The recipient's one-click unsubscribe URL (RFC 8058 header and `<#配信停止URL>`), signed with
 * `kid` (the current key unless given; a send passes the key id it froze).
 */
export function unsubscribeUrl(
  urls: Pick<LinkUrls, "backendUrl">,
  keys: LinkKeyring,
  recipientId: string,
  kid: string = keys.currentKid
): string {
  const token = signLinkToken({ purpose: "unsubscribe", r: recipientId }, keys, kid)
  return `${trimSlash(urls.backendUrl)}${UNSUBSCRIBE_PATH}/${token}`
}

/**
 * The recipient's personal coupon link on the storefront (`<#クーポンURL>`, S9):
 * `{storefrontUrl}/{couponPath}/{token}`. The storefront page posts the token to
 * `POST /store/newsletter-coupons/{token}/claim`.
 */
export function couponUrl(
  urls: Pick<LinkUrls, "storefrontUrl" | "couponPath">,
  keys: LinkKeyring,
  recipientId: string,
  kid: string = keys.currentKid
): string {
  const token = signLinkToken({ purpose: "coupon", r: recipientId }, keys, kid)
  const path = urls.couponPath.replace(/^\/+|\/+$/g, "")
  return `${trimSlash(urls.storefrontUrl)}/${path}/${token}`
}
