import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261127130527 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_send_slot" drop constraint if exists "newsletter_send_slot_name_unique";`);
    this.addSql(`alter table if exists "newsletter_batch" drop constraint if exists "newsletter_batch_newsletter_id_seq_unique";`);
    this.addSql(`create table if not exists "newsletter_batch" ("id" text not null, "newsletter_id" text not null, "seq" integer not null, "first_position" integer not null, "last_position" integer not null, "status" text check ("status" in ('pending', 'sending', 'done')) not null default 'pending', "attempts" integer not null default 0, "skip_checked" boolean not null default false, "lease_until" timestamptz null, "worker_id" text null, "next_attempt_at" timestamptz null, "last_error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_batch_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_batch_deleted_at" ON "newsletter_batch" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_newsletter_batch_newsletter_id_seq_unique" ON "newsletter_batch" ("newsletter_id", "seq") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_batch_newsletter_id_status" ON "newsletter_batch" ("newsletter_id", "status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "newsletter_send_slot" ("id" text not null, "name" text not null, "next_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "newsletter_send_slot_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_newsletter_send_slot_deleted_at" ON "newsletter_send_slot" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_newsletter_send_slot_name_unique" ON "newsletter_send_slot" ("name") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "newsletter_batch" cascade;`);

    this.addSql(`drop table if exists "newsletter_send_slot" cascade;`);
  }

}
