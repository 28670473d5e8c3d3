CREATE TABLE "inbound_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"filename" varchar(255) NOT NULL,
	"declared_type" varchar(255) NOT NULL,
	"size_bytes" integer NOT NULL,
	"kind" varchar(12) NOT NULL,
	"check_result" varchar(12) NOT NULL,
	"check_reason" text,
	"storage_key" text,
	"media_type" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_attachments_position_key" UNIQUE("message_id","position"),
	CONSTRAINT "inbound_attachments_known_kind" CHECK (kind in ('photo', 'resolution', 'other')),
	CONSTRAINT "inbound_attachments_known_check" CHECK (check_result in ('ok', 'refused', 'not_checked'))
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"uid_validity" bigint NOT NULL,
	"uid" bigint NOT NULL,
	"message_id" varchar(998),
	"from_address" varchar(320),
	"from_name" text,
	"to_addresses" text,
	"subject" text,
	"received_at" timestamp with time zone NOT NULL,
	"text_body" text,
	"sanitized_html" text,
	"status" varchar(20) DEFAULT 'new' NOT NULL,
	"status_reason" text,
	"original_key" text,
	"size_bytes" integer NOT NULL,
	"linked_request_id" uuid,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_messages_mailbox_uid_key" UNIQUE("uid_validity","uid"),
	CONSTRAINT "inbound_messages_known_status" CHECK (status in ('new', 'request_created', 'linked', 'archived', 'refused'))
);
--> statement-breakpoint
ALTER TABLE "email_messages" ADD COLUMN "in_reply_to" text;--> statement-breakpoint
ALTER TABLE "inbound_attachments" ADD CONSTRAINT "inbound_attachments_message_id_inbound_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."inbound_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_linked_request_id_requests_id_fk" FOREIGN KEY ("linked_request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_messages_message_id_key" ON "inbound_messages" USING btree ("message_id") WHERE "inbound_messages"."message_id" is not null;--> statement-breakpoint
CREATE INDEX "inbound_messages_received_idx" ON "inbound_messages" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "inbound_messages_from_idx" ON "inbound_messages" USING btree ("from_address","acknowledged_at");--> statement-breakpoint
CREATE INDEX "inbound_messages_request_idx" ON "inbound_messages" USING btree ("linked_request_id");