export { TestSendSection } from "./test-send-section"
