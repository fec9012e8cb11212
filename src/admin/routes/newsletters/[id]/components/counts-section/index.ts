export { CountsSection } from "./counts-section"
