export { AttentionSection } from "./attention-section"
