CREATE TABLE "offline_attendance" (
	"class_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"credited_seconds" integer NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offline_attendance_class_id_user_id_pk" PRIMARY KEY("class_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "offline_classes" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"location" text NOT NULL,
	"credit_tenths" integer NOT NULL,
	"organizer" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offline_classes_credit" CHECK ("offline_classes"."credit_tenths" between 1 and 400)
);
--> statement-breakpoint
ALTER TABLE "offline_attendance" ADD CONSTRAINT "offline_attendance_class_id_offline_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."offline_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offline_attendance" ADD CONSTRAINT "offline_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offline_attendance" ADD CONSTRAINT "offline_attendance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offline_classes" ADD CONSTRAINT "offline_classes_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offline_classes" ADD CONSTRAINT "offline_classes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offline_attendance_user_idx" ON "offline_attendance" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "offline_classes_county_idx" ON "offline_classes" USING btree ("county_id","held_on");