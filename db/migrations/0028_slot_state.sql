-- Per-attempt state per question type (decision 026): the option order of a choice slot becomes
-- {"optionOrder": [...]} in a jsonb column every type can use; existing attempts are carried over
-- unchanged (the same permutation), other types get {}.
ALTER TABLE "exam_attempt_slots" ADD COLUMN "state" jsonb;--> statement-breakpoint
UPDATE "exam_attempt_slots"
   SET "state" = CASE WHEN "type" IN ('single', 'multiple') THEN jsonb_build_object('optionOrder', to_jsonb("option_order")) ELSE '{}'::jsonb END;--> statement-breakpoint
ALTER TABLE "exam_attempt_slots" ALTER COLUMN "state" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_attempt_slots" DROP COLUMN "option_order";--> statement-breakpoint
-- A slot is drawn once at start and never changed: what the candidate was shown is evidence.
CREATE TRIGGER exam_attempt_slots_immutable
  BEFORE UPDATE OR DELETE ON exam_attempt_slots
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
