CREATE TYPE "public"."actor_type" AS ENUM('staff', 'portal', 'public', 'system');--> statement-breakpoint
CREATE TYPE "public"."collector_type" AS ENUM('holder', 'authorized');--> statement-breakpoint
CREATE TYPE "public"."credential_status" AS ENUM('active', 'revoked', 'replaced');--> statement-breakpoint
CREATE TYPE "public"."document_kind" AS ENUM('photo', 'resolution', 'authorization_letter');--> statement-breakpoint
CREATE TYPE "public"."identity_document_type" AS ENUM('cedula', 'passport');--> statement-breakpoint
CREATE TYPE "public"."request_channel" AS ENUM('online', 'email', 'in_person');--> statement-breakpoint
CREATE TYPE "public"."request_reason" AS ENUM('first_issue', 'replacement_lost', 'replacement_damaged', 'replacement_data_change');--> statement-breakpoint
CREATE TYPE "public"."request_status" AS ENUM('draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'issued', 'delivered', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TABLE "applicants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_type" "identity_document_type" NOT NULL,
	"document_number" varchar(20) NOT NULL,
	"document_country" char(3) NOT NULL,
	"given_names" varchar(80) NOT NULL,
	"surnames" varchar(80) NOT NULL,
	"nationality" char(3) NOT NULL,
	"email" varchar(254) NOT NULL,
	"phone" varchar(20) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" varchar(20) NOT NULL,
	"applicant_id" uuid NOT NULL,
	"channel" "request_channel" NOT NULL,
	"reason" "request_reason" NOT NULL,
	"status" "request_status" DEFAULT 'draft' NOT NULL,
	"portal_client_id" uuid,
	"created_by_user_id" uuid,
	"resolution_number" varchar(60) NOT NULL,
	"resolution_date" date NOT NULL,
	"qualification_end_date" date,
	"training_areas" text[] NOT NULL,
	"reviewer_id" uuid,
	"review_issues" jsonb,
	"rejection_reason" text,
	"submitted_at" timestamp with time zone,
	"last_submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "requests_reference_key" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "request_reference_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_number" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" "document_kind" NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" char(64) NOT NULL,
	"size_bytes" bigint NOT NULL,
	"media_type" varchar(100) NOT NULL,
	"original_name" varchar(120),
	"uploaded_by_type" "actor_type" NOT NULL,
	"uploaded_by_id" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "staff_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" varchar(254) NOT NULL,
	"full_name" varchar(160) NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_users_email_lower" CHECK ("staff_users"."email" = lower("staff_users"."email")),
	CONSTRAINT "staff_users_known_roles" CHECK (roles <@ array['admin', 'reviewer', 'issuer', 'front_desk']::text[])
);
--> statement-breakpoint
CREATE TABLE "staff_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"token_hash" char(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "staff_sessions_token_hash_key" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "portal_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" varchar(64) NOT NULL,
	"name" varchar(120) NOT NULL,
	"secret_hash" char(64) NOT NULL,
	"scopes" text[] NOT NULL,
	"secret_rotated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_clients_client_id_key" UNIQUE("client_id"),
	CONSTRAINT "portal_clients_known_scopes" CHECK (scopes <@ array['requests:read', 'requests:write']::text[])
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"actor_type" "actor_type" NOT NULL,
	"actor_id" uuid NOT NULL,
	"key" varchar(255) NOT NULL,
	"fingerprint" char(64) NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_actor_type_actor_id_key_pk" PRIMARY KEY("actor_type","actor_id","key")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" uuid,
	"action" varchar(60) NOT NULL,
	"subject_type" varchar(40) NOT NULL,
	"subject_id" uuid NOT NULL,
	"request_id" uuid,
	"before_status" "request_status",
	"after_status" "request_status",
	"remote_address" "inet",
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"applicant_id" uuid NOT NULL,
	"code" char(13) NOT NULL,
	"status" "credential_status" DEFAULT 'active' NOT NULL,
	"holder_given_names" varchar(80) NOT NULL,
	"holder_surnames" varchar(80) NOT NULL,
	"holder_document_type" "identity_document_type" NOT NULL,
	"holder_document_number" varchar(20) NOT NULL,
	"holder_document_country" char(3) NOT NULL,
	"resolution_number" varchar(60) NOT NULL,
	"resolution_date" date NOT NULL,
	"training_areas" text[] NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" uuid NOT NULL,
	"expires_on" date,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revocation_reason" text,
	"replaced_at" timestamp with time zone,
	"replaced_by_id" uuid,
	"card_storage_key" text NOT NULL,
	"card_sha256" char(64) NOT NULL,
	CONSTRAINT "credentials_one_per_request" UNIQUE("request_id"),
	CONSTRAINT "credentials_code_key" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "pickups" (
	"credential_id" uuid PRIMARY KEY NOT NULL,
	"collector_type" "collector_type" NOT NULL,
	"collector_name" varchar(160) NOT NULL,
	"collector_document_type" "identity_document_type" NOT NULL,
	"collector_document_number" varchar(20) NOT NULL,
	"collector_document_country" char(3) NOT NULL,
	"document_checked" boolean NOT NULL,
	"document_matched" boolean NOT NULL,
	"authorization_letter_id" uuid,
	"clerk_id" uuid NOT NULL,
	"picked_up_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_portal_client_id_portal_clients_id_fk" FOREIGN KEY ("portal_client_id") REFERENCES "public"."portal_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_created_by_user_id_staff_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_reviewer_id_staff_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_user_id_staff_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_issued_by_staff_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_revoked_by_staff_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_replaced_by_id_credentials_id_fk" FOREIGN KEY ("replaced_by_id") REFERENCES "public"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickups" ADD CONSTRAINT "pickups_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickups" ADD CONSTRAINT "pickups_authorization_letter_id_documents_id_fk" FOREIGN KEY ("authorization_letter_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickups" ADD CONSTRAINT "pickups_clerk_id_staff_users_id_fk" FOREIGN KEY ("clerk_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_identity_document_key" ON "applicants" USING btree ("document_type","document_country","document_number");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_one_open_per_applicant" ON "requests" USING btree ("applicant_id") WHERE status not in ('withdrawn', 'rejected', 'delivered');--> statement-breakpoint
CREATE INDEX "requests_status_created_idx" ON "requests" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "requests_created_idx" ON "requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "requests_portal_client_idx" ON "requests" USING btree ("portal_client_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_one_current_per_kind" ON "documents" USING btree ("request_id","kind") WHERE superseded_at is null;--> statement-breakpoint
CREATE INDEX "documents_request_idx" ON "documents" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "documents_storage_key_idx" ON "documents" USING btree ("storage_key");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_users_email_key" ON "staff_users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "staff_sessions_user_idx" ON "staff_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "staff_sessions_family_idx" ON "staff_sessions" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "audit_events_request_idx" ON "audit_events" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_subject_idx" ON "audit_events" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "audit_events_occurred_idx" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_one_active_per_applicant" ON "credentials" USING btree ("applicant_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "credentials_applicant_idx" ON "credentials" USING btree ("applicant_id");--> statement-breakpoint
CREATE INDEX "credentials_holder_document_idx" ON "credentials" USING btree ("holder_document_number");--> statement-breakpoint
CREATE INDEX "credentials_issued_idx" ON "credentials" USING btree ("issued_at","id");