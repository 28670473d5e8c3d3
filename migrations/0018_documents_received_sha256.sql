ALTER TABLE "documents" ADD COLUMN "received_sha256" char(64);--> statement-breakpoint
ALTER TABLE "inbound_attachments" ADD COLUMN "received_sha256" varchar(64);--> statement-breakpoint
-- Files stored as received (PDFs) have the same hash as received; photos were re-encoded and their original bytes are gone.
UPDATE "documents" SET "received_sha256" = "sha256" WHERE "media_type" = 'application/pdf' AND "sha256" IS NOT NULL;--> statement-breakpoint
UPDATE "inbound_attachments" SET "received_sha256" = "stored_sha256" WHERE "media_type" = 'application/pdf' AND "stored_sha256" IS NOT NULL;
