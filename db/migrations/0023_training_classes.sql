CREATE TABLE "training_class_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"class_id" integer NOT NULL,
	"course_id" integer,
	"lesson_id" integer,
	"position" integer NOT NULL,
	CONSTRAINT "training_class_items_one" CHECK (("training_class_items"."course_id" is null) <> ("training_class_items"."lesson_id" is null))
);
--> statement-breakpoint
CREATE TABLE "training_class_members" (
	"class_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"added_by" integer,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_class_members_class_id_user_id_pk" PRIMARY KEY("class_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "training_classes" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"town_id" integer,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"exam_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "training_classes_state" CHECK ("training_classes"."state" in ('draft','open','closed')),
	CONSTRAINT "training_classes_year" CHECK ("training_classes"."year" between 2000 and 2100),
	CONSTRAINT "training_classes_open_has_exam" CHECK ("training_classes"."state" = 'draft' or "training_classes"."exam_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "training_class_items" ADD CONSTRAINT "training_class_items_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_items" ADD CONSTRAINT "training_class_items_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_items" ADD CONSTRAINT "training_class_items_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_members" ADD CONSTRAINT "training_class_members_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_members" ADD CONSTRAINT "training_class_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_members" ADD CONSTRAINT "training_class_members_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_classes" ADD CONSTRAINT "training_classes_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_classes" ADD CONSTRAINT "training_classes_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_classes" ADD CONSTRAINT "training_classes_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_classes" ADD CONSTRAINT "training_classes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_class_items_class_idx" ON "training_class_items" USING btree ("class_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "training_class_items_course_uq" ON "training_class_items" USING btree ("class_id","course_id") WHERE "training_class_items"."course_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "training_class_items_lesson_uq" ON "training_class_items" USING btree ("class_id","lesson_id") WHERE "training_class_items"."lesson_id" is not null;--> statement-breakpoint
CREATE INDEX "training_class_members_user_idx" ON "training_class_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "training_classes_place_idx" ON "training_classes" USING btree ("county_id","town_id","year");--> statement-breakpoint
CREATE INDEX "training_classes_exam_idx" ON "training_classes" USING btree ("exam_id");