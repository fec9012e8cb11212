import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202130252 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "newsletter_purchase" ("id" text not null, "order_id" text not null, "order_version" integer not null, "customer_id" text null, "ordered_at" timestamptz not null, "sales_channel_id" text null, "product_id" text null, "variant_id" text null, "quantity" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_purchase_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_purchase_deleted_at" ON "newsletter_purchase" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_purchase_product_id_ordered_at_customer_id_order_id_quantity" ON "newsletter_purchase" ("product_id", "ordered_at", "customer_id", "order_id", "quantity") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_purchase_variant_id" ON "newsletter_purchase" ("variant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_purchase_order_id" ON "newsletter_purchase" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_purchase_customer_id" ON "newsletter_purchase" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "newsletter_purchase_sync" ("id" text not null, "watermark" text null, "synced_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_purchase_sync_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_purchase_sync_deleted_at" ON "newsletter_purchase_sync" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "newsletter_purchase" cascade;`);

    this.addSql(`drop table if exists "newsletter_purchase_sync" cascade;`);
  }

}
