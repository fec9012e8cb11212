/**
 * The module's repositories are plain functions over the active entity manager (the one Medusa
 * puts in the shared context: `sharedContext.manager` or `sharedContext.transactionManager`), the
 * way Medusa's pricing module keeps its hand-written SQL beside its service. Every statement on
 * the plugin's tables lives in `src/modules/newsletter/repositories`; the service's methods are
 * the only callers.
 */
export type SqlManager = {
  /** Runs one parameterized statement (`?` placeholders) and returns its rows. */
  execute(sql: string, params?: unknown[], method?: "all" | "get" | "run"): Promise<any>
}

/** The manager of a service method's shared context: the transaction's when there is one. */
export function sqlManager(sharedContext: { manager?: unknown; transactionManager?: unknown }): SqlManager {
  return (sharedContext.transactionManager ?? sharedContext.manager) as SqlManager
}
