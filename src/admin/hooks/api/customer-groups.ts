import { useQuery } from "@tanstack/react-query"
import { queryKeysFactory } from "../../lib/query-key-factory"
import { sdk } from "../../lib/sdk"

// Keys of their own (not the dashboard's "customer_groups"): these reads ask for id and name only.
export const newsletterCustomerGroupKeys = queryKeysFactory("newsletter-customer-groups")

const ALL = { limit: 200, fields: "id,name" }

/** Every customer group (the detailed search's group condition). */
export const useCustomerGroups = () =>
  useQuery({
    queryKey: newsletterCustomerGroupKeys.list(ALL),
    queryFn: () =>
      sdk.client.fetch<{ customer_groups: Array<{ id: string; name: string }> }>("/admin/customer-groups", {
        query: ALL,
      }),
    select: (data) => data.customer_groups,
  })
