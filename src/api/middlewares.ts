import {
  authenticate,
  defineMiddlewares,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  listNewsletterCategoryTransformQueryConfig,
  retrieveNewsletterCategoryTransformQueryConfig,
} from "./admin/newsletter-categories/query-config"
import {
  AdminCreateNewsletterCategory,
  AdminGetNewsletterCategoriesParams,
  AdminGetNewsletterCategoryParams,
  AdminUpdateNewsletterCategory,
} from "./admin/newsletter-categories/validators"
import {
  listNewsletterSegmentTransformQueryConfig,
  retrieveNewsletterSegmentTransformQueryConfig,
} from "./admin/newsletter-segments/query-config"
import {
  AdminCreateNewsletterSegment,
  AdminGetNewsletterSegmentParams,
  AdminGetNewsletterSegmentsParams,
  AdminUpdateNewsletterSegment,
} from "./admin/newsletter-segments/validators"
import {
  listNewsletterTransformQueryConfig,
  retrieveNewsletterTransformQueryConfig,
} from "./admin/newsletters/query-config"
import {
  AdminCreateNewsletter,
  AdminGetNewsletterParams,
  AdminGetNewslettersParams,
  AdminPreviewNewsletterParams,
  AdminGetNewsletterRecipientsParams,
  AdminNewsletterActionBody,
  AdminTestSendNewsletter,
  AdminUpdateNewsletter,
} from "./admin/newsletters/validators"
import { AdminPreviewNewsletterAudience } from "./admin/newsletters/audience/validators"
import { AdminResolveNewsletterAttention } from "./admin/newsletters/[id]/attention/validators"
import { AdminGetNewsletterLinksParams } from "./admin/newsletters/[id]/links/validators"
import { AdminGetNewsletterUnsubscribeReasonsParams } from "./admin/newsletters/[id]/unsubscribe-reasons/validators"
import { AdminUpdateCustomerNewsletterSubscription } from "./admin/customers/[id]/newsletter-subscription/validators"
import {
  AdminBatchNewsletterSubscriptions,
  AdminGetNewsletterSubscriptionsParams,
  AdminImportNewsletterSubscriptionsParams,
} from "./admin/newsletter-subscriptions/validators"
import { StoreUpdateNewsletterSubscription } from "./store/customers/me/newsletter-subscription/validators"
import {
  StoreConfirmNewsletterSubscription,
  StoreCreateNewsletterSubscription,
} from "./store/newsletter-subscriptions/validators"
import { AdminCsvExportParams } from "../lib/csv/exports"
import { checkQuery, validateBody, validateQuery } from "./utils/validate-body"
import { answering401, newsletterErrorHandler } from "./utils/error-handler"

/**
 * The admin's authentication for the plugin's admin routes, in place of Medusa's: their route
 * files export AUTHENTICATE = false, so that a 401 carries the plugin's code (`unauthorized`).
 * Medusa's own authenticate writes `{ message }` before any middleware of a plugin runs. Without
 * a method these run before every other middleware of their paths (Medusa sorts them first).
 */
const ADMIN_PATHS = [
  "/admin/newsletters",
  "/admin/newsletter-categories",
  "/admin/newsletter-segments",
  "/admin/newsletter-settings",
  "/admin/newsletter-subscriptions",
  "/admin/customers/:id/newsletter-subscription",
]
const authenticateAdmin = answering401(authenticate("user", ["bearer", "session", "api-key"]))

export default defineMiddlewares({
  // The plugin's paths answer Medusa's own refusals (body parser, publishable key) with a code;
  // every other path goes to Medusa's handler unchanged.
  errorHandler: newsletterErrorHandler(),
  routes: [
    ...ADMIN_PATHS.map((matcher) => ({ matcher, middlewares: [authenticateAdmin] })),
    {
      matcher: "/admin/newsletters",
      methods: ["GET"],
      middlewares: [
        // checkQuery answers a wrong parameter in the plugin's error shape; Medusa's then builds
        // req.queryConfig (the same for each list and retrieve route below).
        checkQuery(AdminGetNewslettersParams),
        validateAndTransformQuery(AdminGetNewslettersParams, listNewsletterTransformQueryConfig),
      ],
    },
    {
      matcher: "/admin/newsletters",
      methods: ["POST"],
      middlewares: [validateBody(AdminCreateNewsletter)],
    },
    {
      matcher: "/admin/newsletters/:id",
      methods: ["GET"],
      middlewares: [
        checkQuery(AdminGetNewsletterParams),
        validateAndTransformQuery(AdminGetNewsletterParams, retrieveNewsletterTransformQueryConfig),
      ],
    },
    {
      matcher: "/admin/newsletters/:id",
      methods: ["POST"],
      middlewares: [validateBody(AdminUpdateNewsletter)],
    },
    {
      matcher: "/admin/newsletters/:id/preview",
      methods: ["GET"],
      middlewares: [validateQuery(AdminPreviewNewsletterParams)],
    },
    {
      matcher: "/admin/newsletters/:id/recipients",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetNewsletterRecipientsParams)],
    },
    {
      matcher: "/admin/newsletters/:id/schedule",
      methods: ["POST"],
      middlewares: [validateBody(AdminNewsletterActionBody)],
    },
    {
      matcher: "/admin/newsletters/:id/cancel",
      methods: ["POST"],
      middlewares: [validateBody(AdminNewsletterActionBody)],
    },
    {
      matcher: "/admin/newsletters/:id/duplicate",
      methods: ["POST"],
      middlewares: [validateBody(AdminNewsletterActionBody)],
    },
    {
      matcher: "/admin/newsletters/:id/test-send",
      methods: ["POST"],
      middlewares: [validateBody(AdminTestSendNewsletter)],
    },
    {
      matcher: "/admin/newsletters/:id/attention",
      methods: ["POST"],
      middlewares: [validateBody(AdminResolveNewsletterAttention)],
    },
    {
      matcher: "/admin/newsletters/:id/links",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetNewsletterLinksParams)],
    },
    {
      matcher: "/admin/newsletters/:id/unsubscribe-reasons",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetNewsletterUnsubscribeReasonsParams)],
    },
    {
      // ?lang=ja|en of the CSV exports.
      matcher: "/admin/newsletters/:id/recipients/export",
      methods: ["GET"],
      middlewares: [validateQuery(AdminCsvExportParams)],
    },
    {
      matcher: "/admin/newsletter-subscriptions/export",
      methods: ["GET"],
      middlewares: [validateQuery(AdminCsvExportParams)],
    },
    {
      // A static path: it never reaches the /admin/newsletters/:id routes.
      matcher: "/admin/newsletters/audience/preview",
      methods: ["POST"],
      middlewares: [validateBody(AdminPreviewNewsletterAudience)],
    },
    {
      // The route reads the body itself, as a stream: a text/csv body (the file, up to 20 MB) is
      // never held in memory, which Medusa's parser would do (a sizeLimit or preserveRawBody still
      // buffers the whole body). JSON { csv } bodies are parsed and validated by the route.
      matcher: "/admin/newsletter-subscriptions/import",
      methods: ["POST"],
      bodyParser: false,
      middlewares: [validateQuery(AdminImportNewsletterSubscriptionsParams)],
    },
    {
      matcher: "/admin/newsletter-subscriptions",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetNewsletterSubscriptionsParams)],
    },
    {
      // No middleware on GET /admin/newsletter-subscriptions/:id: it would run for .../export too.
      matcher: "/admin/newsletter-subscriptions/batch",
      methods: ["POST"],
      middlewares: [validateBody(AdminBatchNewsletterSubscriptions)],
    },
    {
      // RFC 8058 one-click POSTs are form-encoded and tiny.
      matcher: "/hooks/newsletter/unsubscribe/:token",
      methods: ["POST"],
      bodyParser: { sizeLimit: "2kb" },
    },
    {
      // The unsubscribe page's reason form: a code and up to 500 characters, form-encoded.
      matcher: "/hooks/newsletter/unsubscribe/:token/reason",
      methods: ["POST"],
      bodyParser: { sizeLimit: "16kb" },
    },
    {
      matcher: "/hooks/newsletter/unsubscribe/:token/resubscribe",
      methods: ["POST"],
      bodyParser: { sizeLimit: "2kb" },
    },
    {
      // The plugin's own confirmation page posts an empty form.
      matcher: "/hooks/newsletter/confirm/:token",
      methods: ["POST"],
      bodyParser: { sizeLimit: "2kb" },
    },
    {
      // The storefront signup (ダブルオプトイン): the publishable key, no login; small bodies.
      matcher: "/store/newsletter-subscriptions",
      methods: ["POST"],
      bodyParser: { sizeLimit: "8kb" },
      middlewares: [validateBody(StoreCreateNewsletterSubscription)],
    },
    {
      matcher: "/store/newsletter-subscriptions/confirm",
      methods: ["POST"],
      bodyParser: { sizeLimit: "8kb" },
      middlewares: [validateBody(StoreConfirmNewsletterSubscription)],
    },
    {
      // The signature covers the raw body, so it must be kept as received.
      matcher: "/hooks/newsletter/resend",
      methods: ["POST"],
      bodyParser: { preserveRawBody: true, sizeLimit: "256kb" },
    },
    {
      matcher: "/admin/newsletter-categories",
      methods: ["GET"],
      middlewares: [
        checkQuery(AdminGetNewsletterCategoriesParams),
        validateAndTransformQuery(
          AdminGetNewsletterCategoriesParams,
          listNewsletterCategoryTransformQueryConfig
        ),
      ],
    },
    {
      matcher: "/admin/newsletter-categories",
      methods: ["POST"],
      middlewares: [validateBody(AdminCreateNewsletterCategory)],
    },
    {
      matcher: "/admin/newsletter-categories/:id",
      methods: ["GET"],
      middlewares: [
        checkQuery(AdminGetNewsletterCategoryParams),
        validateAndTransformQuery(
          AdminGetNewsletterCategoryParams,
          retrieveNewsletterCategoryTransformQueryConfig
        ),
      ],
    },
    {
      matcher: "/admin/newsletter-categories/:id",
      methods: ["POST"],
      middlewares: [validateBody(AdminUpdateNewsletterCategory)],
    },
    {
      matcher: "/admin/newsletter-segments",
      methods: ["GET"],
      middlewares: [
        checkQuery(AdminGetNewsletterSegmentsParams),
        validateAndTransformQuery(AdminGetNewsletterSegmentsParams, listNewsletterSegmentTransformQueryConfig),
      ],
    },
    {
      matcher: "/admin/newsletter-segments",
      methods: ["POST"],
      middlewares: [validateBody(AdminCreateNewsletterSegment)],
    },
    {
      matcher: "/admin/newsletter-segments/:id",
      methods: ["GET"],
      middlewares: [
        checkQuery(AdminGetNewsletterSegmentParams),
        validateAndTransformQuery(AdminGetNewsletterSegmentParams, retrieveNewsletterSegmentTransformQueryConfig),
      ],
    },
    {
      matcher: "/admin/newsletter-segments/:id",
      methods: ["POST"],
      middlewares: [validateBody(AdminUpdateNewsletterSegment)],
    },
    {
      matcher: "/admin/customers/:id/newsletter-subscription",
      methods: ["POST"],
      middlewares: [validateBody(AdminUpdateCustomerNewsletterSubscription)],
    },
    {
      matcher: "/store/customers/me/newsletter-subscription",
      methods: ["POST"],
      middlewares: [validateBody(StoreUpdateNewsletterSubscription)],
    },
    {
      // The coupon page of the storefront (S9): a logged-in customer is required (401 otherwise);
      // the publishable key is required for every /store route.
      matcher: "/store/newsletter-coupons/:token/claim",
      methods: ["POST"],
      middlewares: [answering401(authenticate("customer", ["session", "bearer"]))],
    },
  ],
})
