import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202065511 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_subscription_event" drop constraint if exists "newsletter_subscription_event_source_check";`);

    this.addSql(`alter table if exists "newsletter_subscription_event" add column if not exists "params" jsonb null;`);
    this.addSql(`alter table if exists "newsletter_subscription_event" add constraint "newsletter_subscription_event_source_check" check("source" in ('storefront', 'admin', 'bounce', 'complaint', 'unsubscribe_link', 'import', 'email_change'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_subscription_event" drop constraint if exists "newsletter_subscription_event_source_check";`);

    this.addSql(`alter table if exists "newsletter_subscription_event" drop column if exists "params";`);

    this.addSql(`alter table if exists "newsletter_subscription_event" add constraint "newsletter_subscription_event_source_check" check("source" in ('storefront', 'admin', 'bounce', 'complaint', 'unsubscribe_link', 'import'));`);
  }

}
