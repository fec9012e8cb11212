import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202065119 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_link_click" drop constraint if exists "newsletter_link_click_recipient_id_url_unique";`);
    this.addSql(`create table if not exists "newsletter_link_click" ("id" text not null, "newsletter_id" text not null, "recipient_id" text not null, "url" text not null, "kind" text check ("kind" in ('link', 'unsubscribe', 'coupon')) not null default 'link', "first_clicked_at" timestamptz not null, "last_clicked_at" timestamptz not null, "clicks" integer not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_link_click_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_link_click_deleted_at" ON "newsletter_link_click" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_newsletter_link_click_recipient_id_url_unique" ON "newsletter_link_click" ("recipient_id", "url") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_link_click_newsletter_id_url" ON "newsletter_link_click" ("newsletter_id", "url") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "newsletter_link_click" cascade;`);
  }

}
