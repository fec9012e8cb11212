import Medusa from "@medusajs/js-sdk"

// Replaced by the host's `admin.backendUrl` when the host runs `medusa build`; a plugin build
// leaves it untouched, so it must be guarded (an `import.meta.env.VITE_*` would be frozen at the
// plugin's build instead).
declare const __BACKEND_URL__: string | undefined

export const sdk = new Medusa({
  baseUrl: (typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "/",
  debug: import.meta.env.DEV,
  auth: { type: "session" },
})
