export { NewsletterForm, type NewsletterFormInitial } from "./newsletter-form"
