import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { NewsletterSubscriptionStatus } from "../../modules/newsletter/types"
import { normalizeEmail } from "../../modules/newsletter/utils/email"
import { notFound } from "../../modules/newsletter/utils/not-found"
import type {
  SubscriptionConsentEvidence,
  SubscriptionHistoryEntry,
  SubscriptionOptInLevelValue,
} from "../admin/newsletter-subscriptions/types"

export type CustomerSubscriptionView = {
  id: string | null
  email: string
  customer_id: string
  status: NewsletterSubscriptionStatus
  /** How the latest consent to subscribe was given; null for an address with no record. */
  opt_in_level: SubscriptionOptInLevelValue | null
  updated_at: Date | null
  history: SubscriptionHistoryEntry[]
}

/** A history entry (newsletter_subscription_event) as every route that shows a history answers it. */
export function subscriptionHistoryEntry(
  event: Omit<SubscriptionHistoryEntry, "evidence"> & { evidence?: unknown }
): SubscriptionHistoryEntry {
  return {
    id: event.id,
    from_status: event.from_status,
    to_status: event.to_status,
    source: event.source,
    reason: event.reason,
    reason_code: event.reason_code ?? null,
    params: event.params ?? null,
    newsletter_id: event.newsletter_id,
    actor_id: event.actor_id,
    consented_at: event.consented_at ?? null,
    evidence: (event.evidence as SubscriptionConsentEvidence | null | undefined) ?? null,
    created_at: event.created_at,
  }
}

/** A customer's id, email and name, or 404 when there is no such customer. */
export async function getCustomerRecord(
  scope: MedusaContainer,
  customerId: string
): Promise<{ id: string; email: string; first_name: string | null; last_name: string | null }> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: ["id", "email", "first_name", "last_name"],
    filters: { id: customerId },
  })
  if (!data.length) {
    throw notFound("Customer", customerId)
  }
  return data[0]
}

/** The customer's email, or 404 when there is no such customer. */
export async function getCustomerEmail(scope: MedusaContainer, customerId: string): Promise<string> {
  return (await getCustomerRecord(scope, customerId)).email
}

/**
 * The subscription (メルマガ購読状況) of a customer's address with its history, newest first.
 * An address that never opted in has no record: it shows as unsubscribed with an empty history.
 */
export async function getCustomerSubscription(
  scope: MedusaContainer,
  customerId: string
): Promise<CustomerSubscriptionView> {
  const email = normalizeEmail(await getCustomerEmail(scope, customerId))
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "newsletter_subscription",
    fields: ["id", "email", "status", "opt_in_level", "updated_at", "events.*"],
    filters: { email },
  })
  const subscription = data[0]
  if (!subscription) {
    return {
      id: null,
      email,
      customer_id: customerId,
      status: NewsletterSubscriptionStatus.UNSUBSCRIBED,
      opt_in_level: null,
      updated_at: null,
      history: [],
    }
  }
  const history = [...(subscription.events ?? [])]
    .sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime())
    .map(subscriptionHistoryEntry)
  return {
    id: subscription.id,
    email,
    customer_id: customerId,
    status: subscription.status,
    opt_in_level: subscription.opt_in_level,
    updated_at: subscription.updated_at,
    history,
  }
}
