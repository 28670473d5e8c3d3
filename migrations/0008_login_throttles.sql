CREATE TABLE "login_throttles" (
	"account_key" char(64) NOT NULL,
	"address_key" char(64) NOT NULL,
	"failures" integer NOT NULL,
	"retry_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "login_throttles_pkey" PRIMARY KEY("account_key","address_key")
);
--> statement-breakpoint
ALTER TABLE "staff_users" DROP COLUMN "failed_login_count";