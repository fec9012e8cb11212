import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type {
  AdminCustomerNewsletterSubscriptionResponse,
  SubscriptionStatusValue,
} from "../../../api/admin/newsletter-subscriptions/types"
import { queryKeysFactory } from "../../lib/query-key-factory"
import { sdk } from "../../lib/sdk"
import { newsletterSubscriptionKeys } from "./newsletter-subscriptions"

/** Query keys of a customer's メルマガ購読状況 (the customer page's widget): `detail(customerId)`. */
export const customerNewsletterSubscriptionKeys = queryKeysFactory("customer-newsletter-subscription")

const path = (customerId: string) => `/admin/customers/${customerId}/newsletter-subscription`

export const useCustomerSubscription = (customerId: string) =>
  useQuery({
    queryKey: customerNewsletterSubscriptionKeys.detail(customerId),
    queryFn: () => sdk.client.fetch<AdminCustomerNewsletterSubscriptionResponse>(path(customerId)),
    select: (data) => data.newsletter_subscription,
  })

/** The store owner's change (source `admin`); the subscribers screen reads again too. */
export const useUpdateCustomerSubscription = (customerId: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { status: SubscriptionStatusValue; reason?: string }) =>
      sdk.client.fetch<AdminCustomerNewsletterSubscriptionResponse>(path(customerId), { method: "POST", body }),
    onSuccess: (data) => {
      client.setQueryData(customerNewsletterSubscriptionKeys.detail(customerId), data)
      return client.invalidateQueries({ queryKey: newsletterSubscriptionKeys.all })
    },
  })
}
