import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202093236 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_rate_limit" drop constraint if exists "newsletter_rate_limit_key_unique";`);
    this.addSql(`create table if not exists "newsletter_rate_limit" ("id" text not null, "key" text not null, "window_start" timestamptz not null, "hits" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_rate_limit_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_rate_limit_deleted_at" ON "newsletter_rate_limit" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_newsletter_rate_limit_key_unique" ON "newsletter_rate_limit" ("key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_rate_limit_window_start" ON "newsletter_rate_limit" ("window_start") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "newsletter_signup_request" ("id" text not null, "email" text not null, "expires_at" timestamptz not null, "confirmed_at" timestamptz null, "request_ip" text null, "request_user_agent" text null, "source_url" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_signup_request_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_signup_request_deleted_at" ON "newsletter_signup_request" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_signup_request_email_created_at" ON "newsletter_signup_request" ("email", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_signup_request_expires_at" ON "newsletter_signup_request" ("expires_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "newsletter_subscription_event" drop constraint if exists "newsletter_subscription_event_source_check";`);

    this.addSql(`alter table if exists "newsletter_subscription" add column if not exists "opt_in_level" text check ("opt_in_level" in ('single', 'confirmed')) not null default 'single';`);

    this.addSql(`alter table if exists "newsletter_subscription_event" add column if not exists "evidence" jsonb null;`);
    this.addSql(`alter table if exists "newsletter_subscription_event" add constraint "newsletter_subscription_event_source_check" check("source" in ('storefront', 'admin', 'bounce', 'complaint', 'unsubscribe_link', 'import', 'email_change', 'signup_confirmation'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "newsletter_rate_limit" cascade;`);

    this.addSql(`drop table if exists "newsletter_signup_request" cascade;`);

    this.addSql(`alter table if exists "newsletter_subscription_event" drop constraint if exists "newsletter_subscription_event_source_check";`);

    this.addSql(`alter table if exists "newsletter_subscription" drop column if exists "opt_in_level";`);

    this.addSql(`alter table if exists "newsletter_subscription_event" drop column if exists "evidence";`);

    this.addSql(`alter table if exists "newsletter_subscription_event" add constraint "newsletter_subscription_event_source_check" check("source" in ('storefront', 'admin', 'bounce', 'complaint', 'unsubscribe_link', 'import', 'email_change'));`);
  }

}
