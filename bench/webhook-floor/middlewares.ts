/** Bench only (see route.ts): the floor route parses its body as the plugin's webhook route does. */
import { defineMiddlewares } from "@medusajs/framework/http"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/hooks/bench-floor",
      methods: ["POST"],
      bodyParser: { preserveRawBody: true, sizeLimit: "256kb" },
    },
  ],
})
