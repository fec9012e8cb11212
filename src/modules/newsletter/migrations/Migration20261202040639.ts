import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202040639 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_batch" drop constraint if exists "newsletter_batch_status_check";`);

    this.addSql(`alter table if exists "newsletter_batch" add column if not exists "first_attempted_at" timestamptz null;`);
    this.addSql(`alter table if exists "newsletter_batch" add constraint "newsletter_batch_status_check" check("status" in ('pending', 'sending', 'done', 'attention'));`);

    this.addSql(`alter table if exists "newsletter" add column if not exists "send_context" jsonb null, add column if not exists "unconfirmed_count" integer not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_batch" drop constraint if exists "newsletter_batch_status_check";`);

    this.addSql(`alter table if exists "newsletter_batch" drop column if exists "first_attempted_at";`);

    this.addSql(`alter table if exists "newsletter_batch" add constraint "newsletter_batch_status_check" check("status" in ('pending', 'sending', 'done'));`);

    this.addSql(`alter table if exists "newsletter" drop column if exists "send_context", drop column if exists "unconfirmed_count";`);
  }

}
