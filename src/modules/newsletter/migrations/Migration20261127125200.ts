import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261127125200 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_subscription" drop constraint if exists "newsletter_subscription_email_unique";`);
    this.addSql(`alter table if exists "newsletter_recipient" drop constraint if exists "newsletter_recipient_newsletter_id_position_unique";`);
    this.addSql(`alter table if exists "newsletter_recipient" drop constraint if exists "newsletter_recipient_newsletter_id_email_unique";`);
    this.addSql(`create table if not exists "newsletter_category" ("id" text not null, "name" text not null, "description" text null, "window_start" text null, "window_end" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_category_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_category_deleted_at" ON "newsletter_category" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "newsletter" ("id" text not null, "subject" text not null, "body" text not null, "format" text check ("format" in ('text', 'html', 'mjml')) not null, "scheduled_at" timestamptz not null, "audience" jsonb not null default '{}', "promotion_id" text null, "coupon_mode" text check ("coupon_mode" in ('none', 'code', 'claim_link')) not null default 'none', "status" text check ("status" in ('draft', 'scheduled', 'sending', 'sent', 'aggregating', 'aggregated', 'cancelled', 'stopped', 'failed')) not null default 'draft', "status_reason" text null, "started_at" timestamptz null, "finished_at" timestamptz null, "cancelled_at" timestamptz null, "total_count" integer not null default 0, "succeeded_count" integer not null default 0, "failed_count" integer not null default 0, "unsent_count" integer not null default 0, "skipped_count" integer not null default 0, "category_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_category_id" ON "newsletter" ("category_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_deleted_at" ON "newsletter" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_status_scheduled_at" ON "newsletter" ("status", "scheduled_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "newsletter_recipient" ("id" text not null, "position" integer not null, "customer_id" text null, "email" text not null, "first_name" text null, "last_name" text null, "status" text check ("status" in ('pending', 'sent', 'failed', 'skipped')) not null default 'pending', "provider_message_id" text null, "error_type" text null, "error_reason" text null, "attempted_at" timestamptz null, "newsletter_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_recipient_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_recipient_newsletter_id" ON "newsletter_recipient" ("newsletter_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_recipient_deleted_at" ON "newsletter_recipient" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_newsletter_recipient_newsletter_id_email_unique" ON "newsletter_recipient" ("newsletter_id", "email") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_newsletter_recipient_newsletter_id_position_unique" ON "newsletter_recipient" ("newsletter_id", "position") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_recipient_provider_message_id" ON "newsletter_recipient" ("provider_message_id") WHERE provider_message_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "newsletter_subscription" ("id" text not null, "email" text not null, "customer_id" text null, "status" text check ("status" in ('subscribed', 'unsubscribed', 'cleaned')) not null, "transient_error_count" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_subscription_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_subscription_deleted_at" ON "newsletter_subscription" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_newsletter_subscription_email_unique" ON "newsletter_subscription" ("email") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_subscription_customer_id" ON "newsletter_subscription" ("customer_id") WHERE customer_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "newsletter_subscription_event" ("id" text not null, "from_status" text check ("from_status" in ('subscribed', 'unsubscribed', 'cleaned')) null, "to_status" text check ("to_status" in ('subscribed', 'unsubscribed', 'cleaned')) not null, "source" text check ("source" in ('storefront', 'admin', 'bounce', 'complaint', 'unsubscribe_link', 'import')) not null, "reason" text null, "newsletter_id" text null, "actor_id" text null, "subscription_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_subscription_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_subscription_event_subscription_id" ON "newsletter_subscription_event" ("subscription_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_subscription_event_deleted_at" ON "newsletter_subscription_event" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "newsletter" add constraint "newsletter_category_id_foreign" foreign key ("category_id") references "newsletter_category" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table if exists "newsletter_recipient" add constraint "newsletter_recipient_newsletter_id_foreign" foreign key ("newsletter_id") references "newsletter" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table if exists "newsletter_subscription_event" add constraint "newsletter_subscription_event_subscription_id_foreign" foreign key ("subscription_id") references "newsletter_subscription" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "newsletter" drop constraint if exists "newsletter_category_id_foreign";`);

    this.addSql(`alter table if exists "newsletter_recipient" drop constraint if exists "newsletter_recipient_newsletter_id_foreign";`);

    this.addSql(`alter table if exists "newsletter_subscription_event" drop constraint if exists "newsletter_subscription_event_subscription_id_foreign";`);

    this.addSql(`drop table if exists "newsletter_category" cascade;`);

    this.addSql(`drop table if exists "newsletter" cascade;`);

    this.addSql(`drop table if exists "newsletter_recipient" cascade;`);

    this.addSql(`drop table if exists "newsletter_subscription" cascade;`);

    this.addSql(`drop table if exists "newsletter_subscription_event" cascade;`);
  }

}
