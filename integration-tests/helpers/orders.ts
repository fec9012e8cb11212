import type { IOrderModuleService } from "@medusajs/framework/types"

/** A product as the seeds create it: its title, id and first variant are what an order line needs. */
type OrderedProduct = { id: string; title: string; variants: Array<{ id: string }> }

/**
 * Places an order for `customer` through Medusa's order module: one line per [product, quantity] (the
 * product's first variant, 1 unit at `unitPrice` yen). `data` adds or overrides order fields (a sales
 * channel, a status).
 */
export async function placeOrder(
  orderModule: IOrderModuleService,
  customer: { id: string; email: string },
  items: Array<[OrderedProduct, number]>,
  { unitPrice = 1000, ...data }: { unitPrice?: number } & Record<string, unknown> = {}
) {
  return (await orderModule.createOrders({
    currency_code: "jpy",
    email: customer.email,
    customer_id: customer.id,
    items: items.map(([product, quantity]) => ({
      title: product.title,
      product_id: product.id,
      variant_id: product.variants[0].id,
      quantity,
      unit_price: unitPrice,
    })),
    ...data,
  } as any)) as any
}
