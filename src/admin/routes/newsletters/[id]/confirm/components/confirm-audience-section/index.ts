export { ConfirmAudienceSection } from "./confirm-audience-section"
