CREATE TABLE `deal_stage_visits` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`deal_id` text NOT NULL,
	`stage_id` text NOT NULL,
	`entered_at` integer NOT NULL,
	`left_at` integer
);
--> statement-breakpoint
CREATE INDEX `deal_stage_visits_stage` ON `deal_stage_visits` (`stage_id`,`deal_id`);--> statement-breakpoint
CREATE INDEX `deal_stage_visits_deal` ON `deal_stage_visits` (`deal_id`);