CREATE TABLE `deals` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`pipeline_id` text NOT NULL,
	`stage_id` text NOT NULL,
	`title` text NOT NULL,
	`value_minor` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`contact_id` text,
	`company_id` text,
	`owner` text,
	`expected_close` text,
	`status` text DEFAULT 'open' NOT NULL,
	`lost_reason` text,
	`closed_at` integer,
	`stage_entered_at` integer NOT NULL,
	`rank` text NOT NULL,
	`notes` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deals_stage_rank` ON `deals` (`stage_id`,`rank`) WHERE "deals"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `deals_pipeline` ON `deals` (`pipeline_id`,`status`);--> statement-breakpoint
CREATE INDEX `deals_contact` ON `deals` (`contact_id`);--> statement-breakpoint
CREATE INDEX `deals_company` ON `deals` (`company_id`);--> statement-breakpoint
CREATE TABLE `pipelines` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stages` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`pipeline_id` text NOT NULL,
	`name` text NOT NULL,
	`probability` integer DEFAULT 50 NOT NULL,
	`rotting_days` integer,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stages_pipeline` ON `stages` (`pipeline_id`,`position`);--> statement-breakpoint
ALTER TABLE `activities` ADD `deal_id` text;--> statement-breakpoint
CREATE INDEX `activities_deal` ON `activities` (`deal_id`,`occurred_at`);