import { useQuery } from "@tanstack/react-query"
import type { AdminNewsletterSettingsResponse } from "../../../api/admin/newsletter-settings/types"
import { queryKeysFactory } from "../../lib/query-key-factory"
import { sdk } from "../../lib/sdk"

/** The plugin's settings and delivery state (one record: `all`). */
export const newsletterSettingsKeys = queryKeysFactory("newsletter-settings")

export const useNewsletterSettings = () =>
  useQuery({
    queryKey: newsletterSettingsKeys.all,
    queryFn: () => sdk.client.fetch<AdminNewsletterSettingsResponse>("/admin/newsletter-settings"),
    select: (data) => data.newsletter_settings,
    staleTime: 5 * 60_000,
  })

/** The store's time zone (default Asia/Tokyo while the settings load). */
export const useStoreTimezone = () => useNewsletterSettings().data?.timezone ?? "Asia/Tokyo"
