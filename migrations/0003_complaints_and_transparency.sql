CREATE TYPE "public"."complaint_category" AS ENUM('poor_service', 'delay', 'fake_credential_or_misuse', 'personal_data', 'other');--> statement-breakpoint
CREATE TYPE "public"."complaint_status" AS ENUM('received', 'in_progress', 'resolved');--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_number" varchar(12) NOT NULL,
	"category" "complaint_category" NOT NULL,
	"description" text NOT NULL,
	"complainant_name" varchar(160),
	"contact_email" varchar(254),
	"contact_phone" varchar(20),
	"request_reference" varchar(20),
	"credential_code" char(13),
	"status" "complaint_status" DEFAULT 'received' NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "complaints_tracking_number_key" UNIQUE("tracking_number")
);
--> statement-breakpoint
CREATE TABLE "installation" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"live_since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installation_single_row" CHECK ("installation"."id")
);
--> statement-breakpoint
CREATE TABLE "transparency_historical_months" (
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"complaints" integer NOT NULL,
	"attentions" integer NOT NULL,
	"source" varchar(200) NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transparency_historical_months_pkey" PRIMARY KEY("year","month"),
	CONSTRAINT "transparency_historical_months_month_check" CHECK ("transparency_historical_months"."month" between 1 and 12),
	CONSTRAINT "transparency_historical_months_counts_check" CHECK ("transparency_historical_months"."complaints" >= 0 and "transparency_historical_months"."attentions" >= 0)
);
--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_answered_by_staff_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaints_received_idx" ON "complaints" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "complaints_status_received_idx" ON "complaints" USING btree ("status","received_at","id");--> statement-breakpoint
CREATE INDEX "requests_submitted_idx" ON "requests" USING btree ("submitted_at");--> statement-breakpoint
-- The installation starts counting transparency figures from the day it is created.
INSERT INTO "installation" ("id") VALUES (true);
