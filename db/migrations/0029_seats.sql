-- Exam morning (issue 14, docs/decisions/030). Starts no longer queue on the sitting row:
-- 1. the slots' question versions keep no foreign key — versions are immutable and never deleted
--    (migration 0003), and the key's check locked each of the 100 shared question rows at every start;
ALTER TABLE "exam_attempt_slots" DROP CONSTRAINT "exam_attempt_slots_question_version_id_question_versions_id_fk";
--> statement-breakpoint
-- 2. the sitting counts its attempts (已开始) in seats_taken, carried over from the attempts there are;
ALTER TABLE "exam_sittings" ADD COLUMN "seats_taken" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "exam_sittings" s SET "seats_taken" = (SELECT count(*) FROM "exam_attempts" a WHERE a."sitting_id" = s."id");--> statement-breakpoint
-- NOT VALID: rows as they are stay readable; every change from now on is checked.
ALTER TABLE "exam_sittings" ADD CONSTRAINT "exam_sittings_seats" CHECK ("exam_sittings"."seats_taken" between 0 and "exam_sittings"."capacity") NOT VALID;--> statement-breakpoint
-- 3. an attempt takes its seat when its transaction commits (a deferred trigger), so the sitting row is
--    locked only for the commit, never over the start's inserts; the check above refuses the start
--    that would exceed the capacity, and the whole start is undone. An attempt removed or moved to
--    another sitting gives its seat back (neither happens in the application today).
CREATE OR REPLACE FUNCTION hongfan_exam_seat() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.sitting_id = NEW.sitting_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE exam_sittings SET seats_taken = seats_taken - 1 WHERE id = OLD.sitting_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE exam_sittings SET seats_taken = seats_taken + 1 WHERE id = NEW.sitting_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER exam_attempts_seat
  AFTER INSERT OR DELETE OR UPDATE OF sitting_id ON exam_attempts
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION hongfan_exam_seat();
