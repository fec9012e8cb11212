export { RecipientsSection } from "./recipients-section"
