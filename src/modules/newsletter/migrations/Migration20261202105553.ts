import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202105553 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_signup_request" add column if not exists "mail_sent_at" timestamptz null;`);
    // Requests from before: their confirmation mail was sent inside the signup's request.
    this.addSql(`update "newsletter_signup_request" set "mail_sent_at" = "created_at" where "mail_sent_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_signup_request" drop column if exists "mail_sent_at";`);
  }

}
