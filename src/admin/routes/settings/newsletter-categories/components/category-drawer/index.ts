export { CategoryDrawer } from "./category-drawer"
