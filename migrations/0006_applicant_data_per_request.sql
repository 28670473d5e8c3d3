-- Each request keeps the applicant's names and contact data its own filer sent. Existing requests take
-- what the shared applicant row holds today (the latest filer's data: the best record there is).
ALTER TABLE "requests" ADD COLUMN "applicant_given_names" varchar(80);--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "applicant_surnames" varchar(80);--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "applicant_nationality" char(3);--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "applicant_email" varchar(254);--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "applicant_phone" varchar(20);--> statement-breakpoint
UPDATE "requests" SET
  "applicant_given_names" = "applicants"."given_names",
  "applicant_surnames" = "applicants"."surnames",
  "applicant_nationality" = "applicants"."nationality",
  "applicant_email" = "applicants"."email",
  "applicant_phone" = "applicants"."phone"
FROM "applicants" WHERE "applicants"."id" = "requests"."applicant_id";--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "applicant_given_names" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "applicant_surnames" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "applicant_nationality" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "applicant_email" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "applicant_phone" SET NOT NULL;--> statement-breakpoint
DROP INDEX "requests_one_open_per_applicant";--> statement-breakpoint
CREATE UNIQUE INDEX "requests_one_open_per_applicant_and_filer" ON "requests" USING btree ("applicant_id",coalesce("portal_client_id", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE status not in ('withdrawn', 'rejected', 'delivered');--> statement-breakpoint
CREATE INDEX "requests_applicant_idx" ON "requests" USING btree ("applicant_id");--> statement-breakpoint
ALTER TABLE "applicants" DROP COLUMN "given_names";--> statement-breakpoint
ALTER TABLE "applicants" DROP COLUMN "surnames";--> statement-breakpoint
ALTER TABLE "applicants" DROP COLUMN "nationality";--> statement-breakpoint
ALTER TABLE "applicants" DROP COLUMN "email";--> statement-breakpoint
ALTER TABLE "applicants" DROP COLUMN "phone";
