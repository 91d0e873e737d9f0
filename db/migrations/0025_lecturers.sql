CREATE TABLE "lecturer_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"offline_class_id" integer NOT NULL,
	"topic" text DEFAULT '' NOT NULL,
	"assigned_by" integer NOT NULL,
	"assigned_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lecturer_candidacies" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"route" text NOT NULL,
	"recommending_org_id" integer,
	"recommendation" text DEFAULT '' NOT NULL,
	"areas" text[] NOT NULL,
	"title" text NOT NULL,
	"employer" text NOT NULL,
	"bio" text NOT NULL,
	"sample_outline" text NOT NULL,
	"sample_key" text,
	"sample_name" text,
	"sample_media_type" text,
	"sample_size" integer,
	"sample_sha256" text,
	"status" text DEFAULT 'applied' NOT NULL,
	"trial_on" date,
	"trial_topic" text,
	"trial_average_tenths" integer,
	"decision_reason" text,
	"decided_by" integer,
	"decided_at" timestamp (3) with time zone,
	"created_by" integer NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "lecturer_candidacies_route" CHECK ("lecturer_candidacies"."route" in ('self','invitation','recommendation')),
	CONSTRAINT "lecturer_candidacies_status" CHECK ("lecturer_candidacies"."status" in ('applied','trial_scheduled','trial_recorded','admitted','rejected')),
	CONSTRAINT "lecturer_candidacies_recommendation" CHECK (("lecturer_candidacies"."route" = 'recommendation') = ("lecturer_candidacies"."recommending_org_id" is not null)),
	CONSTRAINT "lecturer_candidacies_areas" CHECK (cardinality("lecturer_candidacies"."areas") between 1 and 7),
	CONSTRAINT "lecturer_candidacies_sample" CHECK (("lecturer_candidacies"."sample_key" is null) = ("lecturer_candidacies"."sample_sha256" is null) and ("lecturer_candidacies"."sample_size" is null or "lecturer_candidacies"."sample_size" between 1 and 10485760)),
	CONSTRAINT "lecturer_candidacies_not_self" CHECK ("lecturer_candidacies"."decided_by" is null or "lecturer_candidacies"."decided_by" <> "lecturer_candidacies"."user_id")
);
--> statement-breakpoint
CREATE TABLE "lecturer_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"candidacy_id" integer,
	"member_id" integer,
	"kind" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"actor_id" integer NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "lecturer_events_kind" CHECK ("lecturer_events"."kind" in ('applied','trial_scheduled','trial_recorded','admitted','rejected','suspended','reinstated','retired','assigned'))
);
--> statement-breakpoint
CREATE TABLE "lecturer_pool" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"county_id" integer NOT NULL,
	"candidacy_id" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"areas" text[] NOT NULL,
	"title" text NOT NULL,
	"employer" text NOT NULL,
	"bio" text NOT NULL,
	"admitted_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "lecturer_pool_status" CHECK ("lecturer_pool"."status" in ('active','suspended','retired'))
);
--> statement-breakpoint
CREATE TABLE "lecturer_trial_scores" (
	"id" serial PRIMARY KEY NOT NULL,
	"candidacy_id" integer NOT NULL,
	"judge_name" text NOT NULL,
	"judge_role" text NOT NULL,
	"score" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"recorded_by" integer NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "lecturer_trial_scores_score" CHECK ("lecturer_trial_scores"."score" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "lecturer_assignments" ADD CONSTRAINT "lecturer_assignments_member_id_lecturer_pool_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."lecturer_pool"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_assignments" ADD CONSTRAINT "lecturer_assignments_offline_class_id_offline_classes_id_fk" FOREIGN KEY ("offline_class_id") REFERENCES "public"."offline_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_assignments" ADD CONSTRAINT "lecturer_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_candidacies" ADD CONSTRAINT "lecturer_candidacies_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_candidacies" ADD CONSTRAINT "lecturer_candidacies_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_candidacies" ADD CONSTRAINT "lecturer_candidacies_recommending_org_id_organizations_id_fk" FOREIGN KEY ("recommending_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_candidacies" ADD CONSTRAINT "lecturer_candidacies_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_candidacies" ADD CONSTRAINT "lecturer_candidacies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_events" ADD CONSTRAINT "lecturer_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_events" ADD CONSTRAINT "lecturer_events_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_events" ADD CONSTRAINT "lecturer_events_candidacy_id_lecturer_candidacies_id_fk" FOREIGN KEY ("candidacy_id") REFERENCES "public"."lecturer_candidacies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_events" ADD CONSTRAINT "lecturer_events_member_id_lecturer_pool_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."lecturer_pool"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_events" ADD CONSTRAINT "lecturer_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_pool" ADD CONSTRAINT "lecturer_pool_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_pool" ADD CONSTRAINT "lecturer_pool_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_pool" ADD CONSTRAINT "lecturer_pool_candidacy_id_lecturer_candidacies_id_fk" FOREIGN KEY ("candidacy_id") REFERENCES "public"."lecturer_candidacies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_trial_scores" ADD CONSTRAINT "lecturer_trial_scores_candidacy_id_lecturer_candidacies_id_fk" FOREIGN KEY ("candidacy_id") REFERENCES "public"."lecturer_candidacies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_trial_scores" ADD CONSTRAINT "lecturer_trial_scores_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lecturer_assignments_once" ON "lecturer_assignments" USING btree ("member_id","offline_class_id");--> statement-breakpoint
CREATE INDEX "lecturer_assignments_class_idx" ON "lecturer_assignments" USING btree ("offline_class_id");--> statement-breakpoint
CREATE INDEX "lecturer_candidacies_county_idx" ON "lecturer_candidacies" USING btree ("county_id","status");--> statement-breakpoint
CREATE INDEX "lecturer_candidacies_user_idx" ON "lecturer_candidacies" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lecturer_candidacies_one_open" ON "lecturer_candidacies" USING btree ("user_id","county_id") WHERE "lecturer_candidacies"."status" in ('applied','trial_scheduled','trial_recorded');--> statement-breakpoint
CREATE INDEX "lecturer_events_user_idx" ON "lecturer_events" USING btree ("user_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lecturer_pool_person" ON "lecturer_pool" USING btree ("user_id","county_id");--> statement-breakpoint
CREATE INDEX "lecturer_pool_county_idx" ON "lecturer_pool" USING btree ("county_id","status");--> statement-breakpoint
CREATE INDEX "lecturer_trial_scores_candidacy_idx" ON "lecturer_trial_scores" USING btree ("candidacy_id");