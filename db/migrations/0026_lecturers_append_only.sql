-- The lecturer pool's history and trial panel scores are append-only (hongfan_refuse_change from 0001).
CREATE TRIGGER lecturer_events_append_only
  BEFORE UPDATE OR DELETE ON lecturer_events
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER lecturer_events_no_truncate
  BEFORE TRUNCATE ON lecturer_events
  FOR EACH STATEMENT EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER lecturer_trial_scores_append_only
  BEFORE UPDATE OR DELETE ON lecturer_trial_scores
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER lecturer_trial_scores_no_truncate
  BEFORE TRUNCATE ON lecturer_trial_scores
  FOR EACH STATEMENT EXECUTE FUNCTION hongfan_refuse_change();
