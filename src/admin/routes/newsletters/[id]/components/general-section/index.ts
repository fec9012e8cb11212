export { GeneralSection } from "./general-section"
