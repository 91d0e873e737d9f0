-- The per-person archive (专项档案) is a ledger: rows are appended, never changed or removed.
CREATE OR REPLACE FUNCTION hongfan_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER archive_events_append_only
  BEFORE UPDATE OR DELETE ON archive_events
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER archive_events_no_truncate
  BEFORE TRUNCATE ON archive_events
  FOR EACH STATEMENT EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
