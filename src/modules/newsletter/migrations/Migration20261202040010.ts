import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202040010 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "newsletter_delivery_effect" ("id" text not null, "event_id" text not null, "kind" text check ("kind" in ('unsubscribe', 'clean', 'streak')) not null, "email" text not null, "customer_id" text null, "newsletter_id" text not null, "error_type" text null, "reason" text null, "streak" integer null, "applied_at" timestamptz null, "attempts" integer not null default 0, "last_error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_delivery_effect_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_delivery_effect_deleted_at" ON "newsletter_delivery_effect" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_delivery_effect_created_at" ON "newsletter_delivery_effect" ("created_at") WHERE applied_at IS NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_delivery_effect_applied_at" ON "newsletter_delivery_effect" ("applied_at") WHERE applied_at IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_webhook_event_created_at" ON "newsletter_webhook_event" ("created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "newsletter_delivery_effect" cascade;`);

    this.addSql(`drop index if exists "IDX_newsletter_webhook_event_created_at";`);
  }

}
