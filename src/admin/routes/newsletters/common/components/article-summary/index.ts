export { ArticleSummary } from "./article-summary"
