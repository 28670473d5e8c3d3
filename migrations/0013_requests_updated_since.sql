CREATE INDEX "requests_portal_client_updated_idx" ON "requests" USING btree ("portal_client_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "requests_updated_idx" ON "requests" USING btree ("updated_at","id");--> statement-breakpoint
-- Every change of a request bumps its version and stamps its updated_at, whichever statement makes it
-- (a workflow step, a correction, an upload, an erasure, a rectification): polling for changes
-- (GET /api/v1/requests?updatedSince=) relies on it. The stamp is the database's clock when the row is
-- written: not the transaction's start (now()), which can be long before its commit, nor an application
-- server's clock, which may differ; modules/requests/changes.ts explains why the watermark needs it.
-- A statement that changes updated_at alone keeps its value (a data fix, a test placing a request in the past).
CREATE FUNCTION requests_stamp_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- search_text is generated after BEFORE triggers run (NULL here), and updated_at is this trigger's to set.
    IF (to_jsonb(NEW) - 'search_text' - 'updated_at') = (to_jsonb(OLD) - 'search_text' - 'updated_at') THEN
      RETURN NEW;
    END IF;
    IF NEW.version = OLD.version THEN
      NEW.version := OLD.version + 1;
    END IF;
  END IF;
  -- The transaction id first, then the clock: a poller that does not see this transaction among the
  -- writing ones took its watermark before this stamp.
  PERFORM pg_current_xact_id();
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER requests_stamp_change
  BEFORE INSERT OR UPDATE ON requests
  FOR EACH ROW EXECUTE FUNCTION requests_stamp_change();
