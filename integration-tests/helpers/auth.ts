import type { MedusaContainer } from "@medusajs/framework/types"
import { generateJwtToken, Modules } from "@medusajs/framework/utils"

const jwtSecret = (container: MedusaContainer) =>
  container.resolve("configModule").projectConfig.http.jwtSecret as string

/** Creates an admin user and returns request headers carrying its bearer token. */
export async function createAdminHeaders(container: MedusaContainer) {
  const user = await container.resolve(Modules.USER).createUsers({ email: "admin@shop.example" })
  const identity = await container.resolve(Modules.AUTH).createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: "admin@shop.example" }],
    app_metadata: { user_id: user.id },
  })
  const token = generateJwtToken(
    {
      actor_id: user.id,
      actor_type: "user",
      auth_identity_id: identity.id,
      app_metadata: { user_id: user.id },
    },
    { secret: jwtSecret(container), expiresIn: "1d" }
  )
  return { user, headers: { authorization: `Bearer ${token}` } }
}

/** Creates a publishable API key and returns its token (required on every /store route). */
export async function createPublishableKey(container: MedusaContainer) {
  const key = await container.resolve(Modules.API_KEY).createApiKeys({
    title: "test storefront",
    type: "publishable",
    created_by: "test",
  })
  return key.token
}

/** Creates a registered customer and returns store request headers for them. */
export async function createCustomerHeaders(
  container: MedusaContainer,
  publishableKey: string,
  data: { email: string; first_name?: string; last_name?: string }
) {
  const customer = await container
    .resolve(Modules.CUSTOMER)
    .createCustomers({ ...data, has_account: true })
  const identity = await container.resolve(Modules.AUTH).createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: data.email }],
    app_metadata: { customer_id: customer.id },
  })
  const token = generateJwtToken(
    {
      actor_id: customer.id,
      actor_type: "customer",
      auth_identity_id: identity.id,
      app_metadata: { customer_id: customer.id },
    },
    { secret: jwtSecret(container), expiresIn: "1d" }
  )
  return {
    customer,
    headers: { authorization: `Bearer ${token}`, "x-publishable-api-key": publishableKey },
  }
}
