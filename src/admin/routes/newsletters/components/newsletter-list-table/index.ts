export { NewsletterListTable } from "./newsletter-list-table"
