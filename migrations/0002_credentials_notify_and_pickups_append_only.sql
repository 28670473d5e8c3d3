-- Every change to a credential tells the API instances listening on this
-- channel, so that the public verification cache forgets it within moments.
CREATE FUNCTION credentials_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('credential_changed', NEW.code);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER credentials_notify_change
  AFTER INSERT OR UPDATE ON credentials
  FOR EACH ROW EXECUTE FUNCTION credentials_notify_change();
--> statement-breakpoint
-- A pickup record is evidence of who took the card: never edited, never removed.
CREATE FUNCTION refuse_row_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER pickups_no_update_or_delete
  BEFORE UPDATE OR DELETE ON pickups
  FOR EACH ROW EXECUTE FUNCTION refuse_row_change();
--> statement-breakpoint
CREATE TRIGGER pickups_no_truncate
  BEFORE TRUNCATE ON pickups
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_row_change();
