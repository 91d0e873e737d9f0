-- A question version is what an exam attempt showed: once written it never changes.
CREATE TRIGGER question_versions_immutable
  BEFORE UPDATE OR DELETE ON question_versions
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
ALTER TABLE questions ADD CONSTRAINT questions_current_version_fk
  FOREIGN KEY (current_version_id) REFERENCES question_versions(id);
