// The pattern rule lives with the module's search rules; kept here for the routes that import it.
export { containsPattern } from "../../modules/newsletter/utils/search"
