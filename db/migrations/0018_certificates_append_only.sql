-- Certificates are records: the status history is appended, never changed; a certificate row is
-- written once and only its `status` column moves, always to the status its latest event implies.
CREATE TRIGGER certificate_status_events_append_only
  BEFORE UPDATE OR DELETE ON certificate_status_events
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER certificate_status_events_no_truncate
  BEFORE TRUNCATE ON certificate_status_events
  FOR EACH STATEMENT EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER certificates_no_delete
  BEFORE DELETE ON certificates
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER certificates_no_truncate
  BEFORE TRUNCATE ON certificates
  FOR EACH STATEMENT EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
-- The status an event leaves a certificate in (app/modules/certificates/status.ts is the same rule).
CREATE OR REPLACE FUNCTION hongfan_certificate_status_of(kind text) RETURNS text AS $$
  SELECT CASE kind
    WHEN 'issued' THEN 'valid'
    WHEN 'kept' THEN 'valid'
    WHEN 'on_hold' THEN 'on_hold'
    WHEN 'superseded' THEN 'superseded'
    WHEN 'downgraded' THEN 'downgraded'
    WHEN 'revoked' THEN 'revoked'
  END
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hongfan_certificate_guard() RETURNS trigger AS $$
DECLARE
  latest text;
BEGIN
  IF (to_jsonb(NEW) - 'status') IS DISTINCT FROM (to_jsonb(OLD) - 'status') THEN
    RAISE EXCEPTION 'certificates are written once: only the status follows its events'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT kind INTO latest FROM certificate_status_events WHERE certificate_id = NEW.id ORDER BY id DESC LIMIT 1;
  IF latest IS NULL OR hongfan_certificate_status_of(latest) IS DISTINCT FROM NEW.status THEN
    RAISE EXCEPTION 'certificate % status must follow its latest status event', NEW.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER certificates_guard
  BEFORE UPDATE ON certificates
  FOR EACH ROW EXECUTE FUNCTION hongfan_certificate_guard();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hongfan_certificate_follow_event() RETURNS trigger AS $$
BEGIN
  UPDATE certificates SET status = hongfan_certificate_status_of(NEW.kind)
    WHERE id = NEW.certificate_id AND status IS DISTINCT FROM hongfan_certificate_status_of(NEW.kind);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER certificate_status_events_follow
  AFTER INSERT ON certificate_status_events
  FOR EACH ROW EXECUTE FUNCTION hongfan_certificate_follow_event();
--> statement-breakpoint
-- The statuses a certificate can be in (the same list as db/schema/certificates.ts).
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_status_known" CHECK (status in ('valid','on_hold','superseded','downgraded','revoked'));
