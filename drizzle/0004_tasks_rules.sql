CREATE TABLE `rules` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`kind` text NOT NULL,
	`enabled` integer DEFAULT 0 NOT NULL,
	`days` integer,
	`last_run_at` integer
);
--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`title` text NOT NULL,
	`due_at` integer NOT NULL,
	`reminder_minutes_before` integer,
	`remind_at` integer,
	`fired_at` integer,
	`priority` text DEFAULT 'normal' NOT NULL,
	`done_at` integer,
	`contact_id` text,
	`deal_id` text,
	`company_id` text,
	`notes` text DEFAULT '' NOT NULL,
	`keep_in_touch` integer DEFAULT 0 NOT NULL,
	`rule_id` text,
	`rule_key` text
);
--> statement-breakpoint
CREATE INDEX `tasks_pending_reminder` ON `tasks` (`remind_at`) WHERE "tasks"."fired_at" IS NULL AND "tasks"."done_at" IS NULL AND "tasks"."deleted_at" IS NULL AND "tasks"."remind_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `tasks_open_due` ON `tasks` (`due_at`) WHERE "tasks"."done_at" IS NULL AND "tasks"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `tasks_contact` ON `tasks` (`contact_id`);--> statement-breakpoint
CREATE INDEX `tasks_deal` ON `tasks` (`deal_id`);--> statement-breakpoint
CREATE INDEX `tasks_company` ON `tasks` (`company_id`);--> statement-breakpoint
CREATE INDEX `tasks_rule_key` ON `tasks` (`rule_key`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `keep_in_touch_count` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `keep_in_touch_unit` text;