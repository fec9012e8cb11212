import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202044329 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_batch" add column if not exists "key_generation" integer not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_batch" drop column if exists "key_generation";`);
  }

}
