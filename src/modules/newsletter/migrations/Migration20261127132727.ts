import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261127132727 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_subscription_event" add column if not exists "consented_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_subscription_event" drop column if exists "consented_at";`);
  }

}
