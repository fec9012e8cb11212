import { Agent } from "node:http"

/**
 * An HTTP agent that opens a new connection per request. Node 20's default agent keeps
 * connections alive and reuses them; the server closes an idle one after its keep-alive timeout
 * (5 s), and a request sent on a connection the server is closing at that moment ends in
 * ECONNRESET. Tests whose requests pause longer than that between bursts (a slow phase under
 * load, a 20 MB body being built) pass this as axios's `httpAgent`.
 */
export const freshConnection = () => new Agent({ keepAlive: false })
