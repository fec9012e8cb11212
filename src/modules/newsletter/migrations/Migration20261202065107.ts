import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202065107 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter" add column if not exists "status_reason_code" text null, add column if not exists "status_reason_params" jsonb null;`);

    this.addSql(`alter table if exists "newsletter_recipient" add column if not exists "error_code" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "newsletter" drop column if exists "status_reason_code", drop column if exists "status_reason_params";`);

    this.addSql(`alter table if exists "newsletter_recipient" drop column if exists "error_code";`);
  }

}
