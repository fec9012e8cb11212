export { MailPreviewSection } from "./mail-preview-section"
