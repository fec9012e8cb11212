export * from "./compile"
export * from "./tags"
