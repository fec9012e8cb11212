import type { AxiosInstance } from "axios"

type Headers = Record<string, string>

/** What a storefront needs to sell one product in yen. */
export type Commerce = {
  regionId: string
  salesChannelId: string
  /** Token of a publishable API key linked to the sales channel. */
  publishableKey: string
  variantId: string
}

/**
 * Seeds a shop through Medusa's admin API: a JPY region for Japan, a sales channel, a publishable
 * key linked to it, and a published product with one variant at ¥10,000 that does not track
 * inventory (so carts need no stock location).
 */
export async function seedCommerce(api: AxiosInstance, adminHeaders: Headers): Promise<Commerce> {
  const headers = { headers: adminHeaders }
  const { region } = (
    await api.post("/admin/regions", { name: "日本", currency_code: "jpy", countries: ["jp"] }, headers)
  ).data
  const { sales_channel } = (
    await api.post("/admin/sales-channels", { name: "オンラインストア" }, headers)
  ).data
  const { api_key } = (
    await api.post("/admin/api-keys", { title: "storefront", type: "publishable" }, headers)
  ).data
  await api.post(`/admin/api-keys/${api_key.id}/sales-channels`, { add: [sales_channel.id] }, headers)
  const { shipping_profile } = (
    await api.post("/admin/shipping-profiles", { name: "通常配送", type: "default" }, headers)
  ).data
  const { product } = (
    await api.post(
      "/admin/products",
      {
        title: "有機緑茶 100g",
        status: "published",
        shipping_profile_id: shipping_profile.id,
        sales_channels: [{ id: sales_channel.id }],
        options: [{ title: "容量", values: ["100g"] }],
        variants: [
          {
            title: "100g",
            options: { 容量: "100g" },
            manage_inventory: false,
            prices: [{ currency_code: "jpy", amount: 10000 }],
          },
        ],
      },
      headers
    )
  ).data
  return {
    regionId: region.id,
    salesChannelId: sales_channel.id,
    publishableKey: api_key.token,
    variantId: product.variants[0].id,
  }
}

/**
 * Creates a cart for the logged-in customer of `storeHeaders` through the store API, with one
 * item of the seeded product. Returns the cart's id.
 */
export async function createCartWithItem(
  api: AxiosInstance,
  storeHeaders: Headers,
  commerce: Commerce
): Promise<string> {
  const { cart } = (
    await api.post(
      "/store/carts",
      { region_id: commerce.regionId, sales_channel_id: commerce.salesChannelId },
      { headers: storeHeaders }
    )
  ).data
  await api.post(
    `/store/carts/${cart.id}/line-items`,
    { variant_id: commerce.variantId, quantity: 1 },
    { headers: storeHeaders }
  )
  return cart.id
}

/**
 * Enters a promotion code on a cart through `POST /store/carts/:id/promotions` and returns what
 * the cart then holds: the codes that apply and the discount.
 */
export async function applyPromotionCode(
  api: AxiosInstance,
  storeHeaders: Headers,
  cartId: string,
  code: string
): Promise<{ codes: string[]; discount_total: number }> {
  const { cart } = (
    await api.post(`/store/carts/${cartId}/promotions`, { promo_codes: [code] }, { headers: storeHeaders })
  ).data
  return {
    codes: (cart.promotions ?? []).map((p: { code: string }) => p.code),
    discount_total: cart.discount_total,
  }
}
