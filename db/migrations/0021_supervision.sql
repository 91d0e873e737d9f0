CREATE TABLE "supervision_attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"record_id" integer NOT NULL,
	"storage_key" text NOT NULL,
	"original_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	CONSTRAINT "supervision_attachments_media_type" CHECK ("supervision_attachments"."media_type" in ('image/jpeg','image/png','image/webp','application/pdf')),
	CONSTRAINT "supervision_attachments_size" CHECK ("supervision_attachments"."size" between 1 and 10485760),
	CONSTRAINT "supervision_attachments_sha256" CHECK ("supervision_attachments"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "supervision_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"town_id" integer NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"party_members" integer DEFAULT 0 NOT NULL,
	"staff" integer DEFAULT 0 NOT NULL,
	"findings" text DEFAULT '' NOT NULL,
	"judgement" text,
	"follow_up" text DEFAULT '' NOT NULL,
	"corrects_id" integer,
	"recorded_by" integer NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "supervision_records_kind" CHECK ("supervision_records"."kind" in ('employer_views','symposium','site_visit','heart_talk','other','admonition','criticism','commendation')),
	CONSTRAINT "supervision_records_judgement" CHECK (("supervision_records"."kind" in ('employer_views','symposium','site_visit','heart_talk','other')) = ("supervision_records"."judgement" is not null) and ("supervision_records"."judgement" is null or "supervision_records"."judgement" in ('good','fairly_good','average','poor'))),
	CONSTRAINT "supervision_records_counts" CHECK ("supervision_records"."party_members" between 0 and 100000 and "supervision_records"."staff" between 0 and 100000),
	CONSTRAINT "supervision_records_not_self" CHECK ("supervision_records"."recorded_by" <> "supervision_records"."user_id")
);
--> statement-breakpoint
ALTER TABLE "supervision_attachments" ADD CONSTRAINT "supervision_attachments_record_id_supervision_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."supervision_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_records" ADD CONSTRAINT "supervision_records_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_records" ADD CONSTRAINT "supervision_records_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_records" ADD CONSTRAINT "supervision_records_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_records" ADD CONSTRAINT "supervision_records_corrects_id_supervision_records_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."supervision_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_records" ADD CONSTRAINT "supervision_records_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supervision_attachments_record_idx" ON "supervision_attachments" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "supervision_attachments_key_idx" ON "supervision_attachments" USING btree ("storage_key");--> statement-breakpoint
CREATE INDEX "supervision_records_user_idx" ON "supervision_records" USING btree ("user_id","occurred_on");--> statement-breakpoint
CREATE INDEX "supervision_records_place_idx" ON "supervision_records" USING btree ("county_id","town_id","occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_records_one_correction" ON "supervision_records" USING btree ("corrects_id");--> statement-breakpoint
-- Supervision records and their attachments are decisions about a person: appended, never changed
-- (a correction is a new record pointing at the old one).
CREATE TRIGGER supervision_records_append_only
  BEFORE UPDATE OR DELETE ON supervision_records
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER supervision_records_no_truncate
  BEFORE TRUNCATE ON supervision_records
  FOR EACH STATEMENT EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER supervision_attachments_append_only
  BEFORE UPDATE OR DELETE ON supervision_attachments
  FOR EACH ROW EXECUTE FUNCTION hongfan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER supervision_attachments_no_truncate
  BEFORE TRUNCATE ON supervision_attachments
  FOR EACH STATEMENT EXECUTE FUNCTION hongfan_refuse_change();
