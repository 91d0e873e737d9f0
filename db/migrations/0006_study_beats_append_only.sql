-- Judged study requests are evidence: appended, never changed.
CREATE TRIGGER study_beats_append_only
  BEFORE UPDATE OR DELETE ON study_beats
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
