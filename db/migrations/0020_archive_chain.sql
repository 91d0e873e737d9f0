-- The 专项档案 becomes tamper-evident: each person's events form a hash chain (decision 019).
--   content_hash = sha256(utf8(JCS(body)))           computed by the app (archive/chain.ts), v = 1
--   hash         = sha256(prev_hash || content_hash)  computed here, by the BEFORE INSERT trigger
--   genesis      = sha256(utf8('hongfan/archive/v1/' || user_id))
-- The person's row in archive_heads is taken by an upsert, which serialises appends per person
-- (a second appender waits for the first to commit and then reads the new head); no global lock.
CREATE TABLE "archive_heads" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"seq" integer NOT NULL,
	"prev_hash" "bytea" NOT NULL,
	"hash" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "archive_heads" ADD CONSTRAINT "archive_heads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_events" ADD COLUMN "seq" integer;--> statement-breakpoint
ALTER TABLE "archive_events" ADD COLUMN "v" smallint;--> statement-breakpoint
ALTER TABLE "archive_events" ADD COLUMN "content_hash" "bytea";--> statement-breakpoint
ALTER TABLE "archive_events" ADD COLUMN "prev_hash" "bytea";--> statement-breakpoint
ALTER TABLE "archive_events" ADD COLUMN "hash" "bytea";--> statement-breakpoint
CREATE OR REPLACE FUNCTION hongfan_archive_genesis(user_id integer) RETURNS bytea AS $$
  SELECT sha256(convert_to('hongfan/archive/v1/' || user_id::text, 'UTF8'))
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- Version 0: the content of a row written before the chain existed, as PostgreSQL renders it
-- (jsonb text output is deterministic). archive:verify recomputes it with this same function.
CREATE OR REPLACE FUNCTION hongfan_archive_legacy_content_hash(id bigint, user_id integer, type text, occurred_at timestamptz, actor_id integer, reason text, data jsonb) RETURNS bytea AS $$
  SELECT sha256(convert_to(jsonb_build_object(
    'v', 0, 'id', id, 'userId', user_id, 'type', type,
    'occurredAtMicros', (extract(epoch from occurred_at) * 1000000)::bigint,
    'actorId', actor_id, 'reason', reason, 'data', data)::text, 'UTF8'))
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- Rows that exist already are chained per person in id order (the order they were written).
ALTER TABLE archive_events DISABLE TRIGGER archive_events_append_only;--> statement-breakpoint
DO $$
DECLARE
  r record;
  current_user_id integer := NULL;
  prev bytea;
  n integer;
BEGIN
  FOR r IN SELECT e.id, e.user_id, hongfan_archive_legacy_content_hash(e.id, e.user_id, e.type, e.occurred_at, e.actor_id, e.reason, e.data) AS content
           FROM archive_events e ORDER BY e.user_id, e.id LOOP
    IF current_user_id IS DISTINCT FROM r.user_id THEN
      current_user_id := r.user_id;
      prev := hongfan_archive_genesis(r.user_id);
      n := 0;
    END IF;
    n := n + 1;
    UPDATE archive_events SET seq = n, v = 0, content_hash = r.content, prev_hash = prev, hash = sha256(prev || r.content) WHERE id = r.id;
    prev := sha256(prev || r.content);
  END LOOP;
  INSERT INTO archive_heads (user_id, seq, prev_hash, hash)
    SELECT DISTINCT ON (user_id) user_id, seq, prev_hash, hash FROM archive_events ORDER BY user_id, seq DESC;
END $$;
--> statement-breakpoint
ALTER TABLE archive_events ENABLE TRIGGER archive_events_append_only;--> statement-breakpoint
ALTER TABLE "archive_events" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "archive_events" ALTER COLUMN "v" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "archive_events" ALTER COLUMN "content_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "archive_events" ALTER COLUMN "prev_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "archive_events" ALTER COLUMN "hash" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "archive_events_user_seq_idx" ON "archive_events" USING btree ("user_id","seq");--> statement-breakpoint
CREATE OR REPLACE FUNCTION hongfan_archive_chain() RETURNS trigger AS $$
DECLARE
  genesis bytea;
BEGIN
  IF NEW.content_hash IS NULL OR length(NEW.content_hash) <> 32 OR NEW.v IS NULL THEN
    RAISE EXCEPTION 'archive_events: write through appendArchiveEvent (content_hash and v are required)'
      USING ERRCODE = 'check_violation';
  END IF;
  genesis := hongfan_archive_genesis(NEW.user_id);
  INSERT INTO archive_heads AS h (user_id, seq, prev_hash, hash)
    VALUES (NEW.user_id, 1, genesis, sha256(genesis || NEW.content_hash))
    ON CONFLICT (user_id) DO UPDATE SET seq = h.seq + 1, prev_hash = h.hash, hash = sha256(h.hash || NEW.content_hash)
    RETURNING h.seq, h.prev_hash, h.hash INTO NEW.seq, NEW.prev_hash, NEW.hash;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER archive_events_chain
  BEFORE INSERT ON archive_events
  FOR EACH ROW EXECUTE FUNCTION hongfan_archive_chain();
--> statement-breakpoint
-- The heads are written by the trigger only; deleting one would restart a chain.
CREATE TRIGGER archive_heads_no_delete
  BEFORE DELETE ON archive_heads
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER archive_heads_no_truncate
  BEFORE TRUNCATE ON archive_heads
  FOR EACH STATEMENT EXECUTE FUNCTION hongfan_refuse_change();
