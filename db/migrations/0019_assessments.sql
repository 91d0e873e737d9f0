CREATE TABLE "assessment_outcomes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"grade" text,
	"outcome" text NOT NULL,
	"level_before" text,
	"level_after" text,
	"certificate_id" integer,
	"new_certificate_id" integer,
	"corrects_id" bigint,
	"reason" text,
	"actor_id" integer,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_proposals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"town_id" integer NOT NULL,
	"grade" text NOT NULL,
	"basis" text NOT NULL,
	"reason" text,
	"stage" text NOT NULL,
	"actor_id" integer NOT NULL,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"year" integer NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"opened_by" integer,
	"opened_at" timestamp (3) with time zone NOT NULL,
	"applied_by" integer,
	"applied_at" timestamp (3) with time zone,
	CONSTRAINT "assessment_rounds_applied" CHECK (("assessment_rounds"."state" = 'applied') = ("assessment_rounds"."applied_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "assessment_outcomes" ADD CONSTRAINT "assessment_outcomes_round_id_assessment_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_outcomes" ADD CONSTRAINT "assessment_outcomes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_outcomes" ADD CONSTRAINT "assessment_outcomes_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_outcomes" ADD CONSTRAINT "assessment_outcomes_new_certificate_id_certificates_id_fk" FOREIGN KEY ("new_certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_outcomes" ADD CONSTRAINT "assessment_outcomes_corrects_id_assessment_outcomes_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."assessment_outcomes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_outcomes" ADD CONSTRAINT "assessment_outcomes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_proposals" ADD CONSTRAINT "assessment_proposals_round_id_assessment_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_proposals" ADD CONSTRAINT "assessment_proposals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_proposals" ADD CONSTRAINT "assessment_proposals_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_proposals" ADD CONSTRAINT "assessment_proposals_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_rounds" ADD CONSTRAINT "assessment_rounds_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_rounds" ADD CONSTRAINT "assessment_rounds_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_rounds" ADD CONSTRAINT "assessment_rounds_applied_by_users_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_outcomes_user" ON "assessment_outcomes" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "assessment_outcomes_round" ON "assessment_outcomes" USING btree ("round_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_outcomes_applied_once" ON "assessment_outcomes" USING btree ("round_id","user_id") WHERE corrects_id is null;--> statement-breakpoint
CREATE INDEX "assessment_proposals_round_user" ON "assessment_proposals" USING btree ("round_id","user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_rounds_county_year" ON "assessment_rounds" USING btree ("county_id","year");--> statement-breakpoint
CREATE INDEX "certificates_user_idx" ON "certificates" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "certificates_supersedes_idx" ON "certificates" USING btree ("supersedes_id");--> statement-breakpoint
-- Proposals and outcomes are records: appended, never changed (a change or a correction is a new row).
CREATE TRIGGER assessment_proposals_append_only
  BEFORE UPDATE OR DELETE ON assessment_proposals
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER assessment_outcomes_append_only
  BEFORE UPDATE OR DELETE ON assessment_outcomes
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER assessment_no_truncate
  BEFORE TRUNCATE ON assessment_proposals
  FOR EACH STATEMENT EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER assessment_outcomes_no_truncate
  BEFORE TRUNCATE ON assessment_outcomes
  FOR EACH STATEMENT EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
-- A round moves once, open → applied; nothing else about it changes and it is never removed.
CREATE OR REPLACE FUNCTION hongfan_assessment_round_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'assessment rounds are records: DELETE refused' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.state <> 'open' OR NEW.state <> 'applied'
     OR (to_jsonb(NEW) - 'state' - 'applied_by' - 'applied_at') IS DISTINCT FROM (to_jsonb(OLD) - 'state' - 'applied_by' - 'applied_at') THEN
    RAISE EXCEPTION 'an assessment round only moves from open to applied, once' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER assessment_rounds_guard
  BEFORE UPDATE OR DELETE ON assessment_rounds
  FOR EACH ROW EXECUTE FUNCTION hongfan_assessment_round_guard();
