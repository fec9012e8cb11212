export { ReserveSection } from "./reserve-section"
