-- Several app instances (issue 15, docs/decisions/032): a bank's revision moves with every statement
-- that writes its questions, in the statement's own transaction. The exam start reads the revisions
-- of the exam's banks with the sitting, and the cached bank snapshot is keyed by them, so once an
-- edit has committed no instance draws a paper from the questions as they were before it.
ALTER TABLE "question_banks" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- One function for the three statement triggers: each branch reads only the transition table its
-- event has (plpgsql plans a statement when it first runs it). Banks are bumped in id order.
CREATE OR REPLACE FUNCTION hongfan_bank_revision() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE question_banks SET revision = revision + 1
     WHERE id IN (SELECT bank_id FROM new_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE question_banks SET revision = revision + 1
     WHERE id IN (SELECT bank_id FROM new_rows UNION SELECT bank_id FROM old_rows);
  ELSE
    UPDATE question_banks SET revision = revision + 1
     WHERE id IN (SELECT bank_id FROM old_rows);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER questions_bank_revision_ins AFTER INSERT ON questions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hongfan_bank_revision();--> statement-breakpoint
CREATE TRIGGER questions_bank_revision_upd AFTER UPDATE ON questions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hongfan_bank_revision();--> statement-breakpoint
CREATE TRIGGER questions_bank_revision_del AFTER DELETE ON questions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hongfan_bank_revision();
