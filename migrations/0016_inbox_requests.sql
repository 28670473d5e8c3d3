ALTER TABLE "requests" ADD COLUMN "source_message_id" uuid;--> statement-breakpoint
ALTER TABLE "inbound_attachments" ADD COLUMN "stored_sha256" varchar(64);--> statement-breakpoint
ALTER TABLE "inbound_attachments" ADD COLUMN "stored_size_bytes" integer;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "no_auto_reply_reason" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_source_message_id_inbound_messages_id_fk" FOREIGN KEY ("source_message_id") REFERENCES "public"."inbound_messages"("id") ON DELETE no action ON UPDATE no action;