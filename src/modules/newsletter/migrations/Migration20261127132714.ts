import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261127132714 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_webhook_event" drop constraint if exists "newsletter_webhook_event_event_id_unique";`);
    this.addSql(`create table if not exists "newsletter_webhook_event" ("id" text not null, "event_id" text not null, "type" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_webhook_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_webhook_event_deleted_at" ON "newsletter_webhook_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_newsletter_webhook_event_event_id_unique" ON "newsletter_webhook_event" ("event_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "newsletter" add column if not exists "delivered_count" integer not null default 0, add column if not exists "opened_count" integer not null default 0, add column if not exists "clicked_count" integer not null default 0, add column if not exists "complained_count" integer not null default 0, add column if not exists "awaiting_count" integer not null default 0, add column if not exists "unknown_count" integer not null default 0, add column if not exists "counted_at" timestamptz null, add column if not exists "aggregated_at" timestamptz null;`);

    this.addSql(`alter table if exists "newsletter_recipient" add column if not exists "delivered_at" timestamptz null, add column if not exists "delivery_delayed_at" timestamptz null, add column if not exists "bounced_at" timestamptz null, add column if not exists "opened_at" timestamptz null, add column if not exists "clicked_at" timestamptz null, add column if not exists "complained_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "newsletter_webhook_event" cascade;`);

    this.addSql(`alter table if exists "newsletter" drop column if exists "delivered_count", drop column if exists "opened_count", drop column if exists "clicked_count", drop column if exists "complained_count", drop column if exists "awaiting_count", drop column if exists "unknown_count", drop column if exists "counted_at", drop column if exists "aggregated_at";`);

    this.addSql(`alter table if exists "newsletter_recipient" drop column if exists "delivered_at", drop column if exists "delivery_delayed_at", drop column if exists "bounced_at", drop column if exists "opened_at", drop column if exists "clicked_at", drop column if exists "complained_at";`);
  }

}
