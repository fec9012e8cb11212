import { defineMiddlewares, validateAndTransformQuery } from "@medusajs/framework/http"
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
  listNewsletterTransformQueryConfig,
  retrieveNewsletterTransformQueryConfig,
} from "./admin/newsletters/query-config"
import {
  AdminCreateNewsletter,
  AdminGetNewsletterParams,
  AdminGetNewslettersParams,
  AdminUpdateNewsletter,
} from "./admin/newsletters/validators"
import { AdminUpdateCustomerNewsletterSubscription } from "./admin/customers/[id]/newsletter-subscription/validators"
import { StoreUpdateNewsletterSubscription } from "./store/customers/me/newsletter-subscription/validators"
import { validateBody } from "./utils/validate-body"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/newsletters",
      methods: ["GET"],
      middlewares: [
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
        validateAndTransformQuery(AdminGetNewsletterParams, retrieveNewsletterTransformQueryConfig),
      ],
    },
    {
      matcher: "/admin/newsletters/:id",
      methods: ["POST"],
      middlewares: [validateBody(AdminUpdateNewsletter)],
    },
    {
      matcher: "/admin/newsletter-categories",
      methods: ["GET"],
      middlewares: [
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
      matcher: "/admin/customers/:id/newsletter-subscription",
      methods: ["POST"],
      middlewares: [validateBody(AdminUpdateCustomerNewsletterSubscription)],
    },
    {
      matcher: "/store/customers/me/newsletter-subscription",
      methods: ["POST"],
      middlewares: [validateBody(StoreUpdateNewsletterSubscription)],
    },
  ],
})
