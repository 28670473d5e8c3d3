CREATE TYPE "public"."reprint_reason" AS ENUM('paper_jam', 'print_error', 'damaged_before_delivery', 'other');--> statement-breakpoint
CREATE TYPE "public"."revocation_reason" AS ENUM('lost', 'stolen', 'issuance_error', 'qualification_lost', 'holder_request', 'other');--> statement-breakpoint
ALTER TYPE "public"."credential_status" ADD VALUE 'pending_exchange';--> statement-breakpoint
ALTER TYPE "public"."request_reason" ADD VALUE 'replacement_stolen' BEFORE 'replacement_damaged';--> statement-breakpoint
CREATE TABLE "card_prints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"reason" "reprint_reason",
	"note" text,
	"printed_by" uuid NOT NULL,
	"printed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_prints_number_per_credential" UNIQUE("credential_id","number"),
	CONSTRAINT "card_prints_reason_for_reprints" CHECK (("card_prints"."number" = 1) = ("card_prints"."reason" is null)),
	CONSTRAINT "card_prints_note_for_other" CHECK ("card_prints"."reason" is distinct from 'other' or "card_prints"."note" is not null)
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "replaces_credential_id" uuid;--> statement-breakpoint
-- Hand-written: link the replacements filed so far. Issued ones replaced the credential that points at
-- their credential; open ones will replace the holder's current credential.
UPDATE "requests" SET "replaces_credential_id" = "old"."id"
  FROM "credentials" "new", "credentials" "old"
  WHERE "new"."request_id" = "requests"."id" AND "old"."replaced_by_id" = "new"."id";--> statement-breakpoint
UPDATE "requests" SET "replaces_credential_id" = "current"."id"
  FROM "credentials" "current"
  WHERE "requests"."reason" <> 'first_issue' AND "requests"."replaces_credential_id" IS NULL
    AND "requests"."status" IN ('draft', 'submitted', 'in_review', 'changes_requested', 'approved')
    AND "current"."applicant_id" = "requests"."applicant_id" AND "current"."status" = 'active';--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "revocation_note" text;--> statement-breakpoint
-- Hand-written: revocations so far had only free text. It becomes the note, and their reason «other».
UPDATE "credentials" SET "revocation_note" = coalesce("revocation_reason", '—'), "revocation_reason" = NULL WHERE "status" = 'revoked';--> statement-breakpoint
ALTER TABLE "credentials" ALTER COLUMN "revocation_reason" SET DATA TYPE "public"."revocation_reason" USING "revocation_reason"::"public"."revocation_reason";--> statement-breakpoint
UPDATE "credentials" SET "revocation_reason" = 'other' WHERE "status" = 'revoked';--> statement-breakpoint
ALTER TABLE "pickups" ADD COLUMN "mismatch_note" varchar(500);--> statement-breakpoint
ALTER TABLE "card_prints" ADD CONSTRAINT "card_prints_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_prints" ADD CONSTRAINT "card_prints_printed_by_staff_users_id_fk" FOREIGN KEY ("printed_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_replaces_credential_id_credentials_id_fk" FOREIGN KEY ("replaces_credential_id") REFERENCES "public"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_revocation_reason_iff_revoked" CHECK (("credentials"."status" = 'revoked') = ("credentials"."revocation_reason" is not null));--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_revocation_note_for_other" CHECK ("credentials"."revocation_reason" is distinct from 'other' or "credentials"."revocation_note" is not null);--> statement-breakpoint
ALTER TABLE "pickups" ADD CONSTRAINT "pickups_mismatch_explained" CHECK ("pickups"."document_matched" or "pickups"."mismatch_note" is not null);