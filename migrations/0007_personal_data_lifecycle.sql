CREATE TABLE "audit_event_notes" (
	"audit_event_id" bigint PRIMARY KEY NOT NULL,
	"texts" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "applicant_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "applicant_given_names" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "applicant_surnames" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "applicant_nationality" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "applicant_email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "applicant_phone" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "storage_key" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "sha256" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "personal_data_erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "contact_erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "audit_event_notes" ADD CONSTRAINT "audit_event_notes_audit_event_id_audit_events_id_fk" FOREIGN KEY ("audit_event_id") REFERENCES "public"."audit_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_personal_data_present_unless_erased" CHECK ("requests"."personal_data_erased_at" is not null or ("requests"."applicant_id" is not null and "requests"."applicant_given_names" is not null and "requests"."applicant_surnames" is not null and "requests"."applicant_nationality" is not null and "requests"."applicant_email" is not null and "requests"."applicant_phone" is not null));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_file_present_unless_erased" CHECK ("documents"."erased_at" is not null or ("documents"."storage_key" is not null and "documents"."sha256" is not null));--> statement-breakpoint
-- Free text already written into audit events moves to the erasable notes. Rewriting evidence is what the
-- append-only trigger forbids, so it is lifted for this one statement of the migration, and only the
-- typed texts leave the events.
INSERT INTO "audit_event_notes" ("audit_event_id", "texts")
SELECT "id", jsonb_strip_nulls(jsonb_build_object('reason', "details"->'reason', 'note', "details"->'note', 'issues', "details"->'issues'))
FROM "audit_events"
WHERE "action" IN ('request.withdrawn', 'request.approved', 'request.changes_requested', 'request.rejected', 'credential.revoked')
  AND "details" ?| ARRAY['reason', 'note', 'issues'];--> statement-breakpoint
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_no_update_or_delete";--> statement-breakpoint
UPDATE "audit_events" SET "details" = nullif("details" - 'reason' - 'note' - 'issues', '{}'::jsonb)
WHERE "action" IN ('request.withdrawn', 'request.approved', 'request.changes_requested', 'request.rejected', 'credential.revoked')
  AND "details" ?| ARRAY['reason', 'note', 'issues'];--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_no_update_or_delete";
