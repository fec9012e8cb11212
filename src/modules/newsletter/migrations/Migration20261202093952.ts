import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202093952 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_subscription_event" add column if not exists "reason_code" text null;`);
    // The history the plugin wrote before: its English sentences become codes with their values.
    this.addSql(`update "newsletter_subscription_event" set "reason_code" = 'complaint', "reason" = null,
        "params" = coalesce("params", '{}'::jsonb)
      where "source" = 'complaint' and "reason" = 'marked as spam by the recipient';`);
    this.addSql(`update "newsletter_subscription_event" set "reason_code" = 'unsubscribe_link', "reason" = null
      where "source" = 'unsubscribe_link' and "reason" = 'unsubscribe link in the newsletter';`);
    this.addSql(`update "newsletter_subscription_event" e set "reason_code" = 'transient_errors', "reason" = null,
        "params" = coalesce(e."params", '{}'::jsonb)
          || jsonb_build_object('count', (x.m)[1]::int, 'provider_reason', (x.m)[2])
      from (select "id", regexp_match("reason", '^(\\d+) transient delivery errors in a row \\(last: (.*)\\)$') as m
            from "newsletter_subscription_event" where "source" = 'bounce') x
      where e."id" = x."id" and x.m is not null;`);
    this.addSql(`update "newsletter_subscription_event" e set "reason_code" = 'bounce', "reason" = null,
        "params" = coalesce(e."params", '{}'::jsonb) || jsonb_build_object('error_type', (x.m)[1], 'provider_reason', (x.m)[2])
      from (select "id", regexp_match("reason", '^([a-z_]+): (.*)$') as m
            from "newsletter_subscription_event" where "source" = 'bounce' and "reason_code" is null) x
      where e."id" = x."id" and x.m is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "newsletter_subscription_event" drop column if exists "reason_code";`);
  }

}
