import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261127132612 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_coupon_claim" drop constraint if exists "newsletter_coupon_claim_recipient_id_unique";`);
    this.addSql(`create table if not exists "newsletter_coupon_claim" ("id" text not null, "newsletter_id" text not null, "recipient_id" text not null, "customer_id" text not null, "promotion_id" text not null, "customer_group_id" text not null, "claimed_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_coupon_claim_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_coupon_claim_deleted_at" ON "newsletter_coupon_claim" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_newsletter_coupon_claim_recipient_id_unique" ON "newsletter_coupon_claim" ("recipient_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_coupon_claim_newsletter_id" ON "newsletter_coupon_claim" ("newsletter_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "newsletter" add column if not exists "customer_group_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "newsletter_coupon_claim" cascade;`);

    this.addSql(`alter table if exists "newsletter" drop column if exists "customer_group_id";`);
  }

}
