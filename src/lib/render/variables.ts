/**
 * The Handlebars variables a newsletter subject or body may use, either directly
 * (`{{first_name}}`, `{{#if coupon_url}}…{{/if}}`) or through a custom tag (`<#名>`).
 */
export const TEMPLATE_VARIABLES = [
  "customer_name",
  "last_name",
  "first_name",
  "email",
  "shop_name",
  "unsubscribe_url",
  "coupon_url",
  "coupon_code",
] as const

/** One of {@link TEMPLATE_VARIABLES}. */
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number]
