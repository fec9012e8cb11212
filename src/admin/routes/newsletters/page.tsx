import { defineRouteConfig } from "@medusajs/admin-sdk"
import { EnvelopeSolid } from "@medusajs/icons"
import { Container } from "@medusajs/ui"
import { Crumb } from "../../components/common"
import { DeliveryWarnings } from "../../components/delivery-warnings"
import { NewsletterListTable } from "./components/newsletter-list-table"

/** 記事一覧 (S10): every article with its status, counters and actions. */
const NewsletterListPage = () => (
  <Container className="divide-y p-0">
    <DeliveryWarnings className="px-6 py-4" />
    <NewsletterListTable />
  </Container>
)
export const config = defineRouteConfig({
  label: "nav.newsletters",
  translationNs: "newsletter",
  icon: EnvelopeSolid,
})

export const handle = { breadcrumb: () => <Crumb k="list.title" /> }

export default NewsletterListPage
