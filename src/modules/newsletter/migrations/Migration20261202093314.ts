import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202093314 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_segment" drop constraint if exists "newsletter_segment_name_unique";`);
    this.addSql(`create table if not exists "newsletter_segment" ("id" text not null, "name" text not null, "description" text null, "audience" jsonb not null default '{}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_segment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_segment_deleted_at" ON "newsletter_segment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_newsletter_segment_name_unique" ON "newsletter_segment" ("name") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "newsletter" add column if not exists "audience_segments" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "newsletter_segment" cascade;`);

    this.addSql(`alter table if exists "newsletter" drop column if exists "audience_segments";`);
  }

}
