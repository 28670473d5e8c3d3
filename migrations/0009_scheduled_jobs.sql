CREATE TABLE "scheduled_jobs" (
	"name" varchar(60) PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"running_since" timestamp with time zone,
	"last_finished_at" timestamp with time zone
);
