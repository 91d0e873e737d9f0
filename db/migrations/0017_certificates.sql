CREATE TABLE "certificate_sequences" (
	"county_id" integer NOT NULL,
	"year" integer NOT NULL,
	"level" text NOT NULL,
	"last_seq" integer NOT NULL,
	CONSTRAINT "certificate_sequences_county_id_year_level_pk" PRIMARY KEY("county_id","year","level")
);
--> statement-breakpoint
CREATE TABLE "certificate_status_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"certificate_id" integer NOT NULL,
	"kind" text NOT NULL,
	"reason" text,
	"actor_id" integer,
	"at" timestamp (3) with time zone NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" serial PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"credential_id" text NOT NULL,
	"user_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"level" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"issued_by" integer,
	"attempt_id" integer,
	"supersedes_id" integer,
	"status" text DEFAULT 'valid' NOT NULL,
	"status_list_index" integer NOT NULL,
	"holder_name" text NOT NULL,
	"organization_name" text NOT NULL,
	CONSTRAINT "certificates_status_list_range" CHECK ("certificates"."status_list_index" between 0 and 131071),
	CONSTRAINT "certificates_seq_range" CHECK ("certificates"."seq" between 1 and 9999),
	CONSTRAINT "certificates_credential_urn" CHECK ("certificates"."credential_id" ~ '^urn:uuid:[0-9a-f-]{36}$')
);
--> statement-breakpoint
ALTER TABLE "certificate_sequences" ADD CONSTRAINT "certificate_sequences_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_status_events" ADD CONSTRAINT "certificate_status_events_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_status_events" ADD CONSTRAINT "certificate_status_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_supersedes_id_certificates_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_status_events_cert_idx" ON "certificate_status_events" USING btree ("certificate_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_number_unique" ON "certificates" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_credential_unique" ON "certificates" USING btree ("credential_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_attempt_unique" ON "certificates" USING btree ("attempt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_sequence_unique" ON "certificates" USING btree ("county_id","year","level","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_status_list_unique" ON "certificates" USING btree ("county_id","status_list_index");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_one_current" ON "certificates" USING btree ("user_id") WHERE status in ('valid','on_hold');--> statement-breakpoint
CREATE INDEX "certificates_county_idx" ON "certificates" USING btree ("county_id","status","level");