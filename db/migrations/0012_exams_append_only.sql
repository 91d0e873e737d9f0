-- Answer steps, marks and proctor events are evidence: appended, never changed.
CREATE TRIGGER exam_answer_steps_append_only
  BEFORE UPDATE OR DELETE ON exam_answer_steps
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER exam_marks_append_only
  BEFORE UPDATE OR DELETE ON exam_marks
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER exam_attempt_events_append_only
  BEFORE UPDATE OR DELETE ON exam_attempt_events
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
