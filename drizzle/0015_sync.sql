CREATE TABLE `sync_deferred` (
	`seq` integer PRIMARY KEY NOT NULL,
	`op` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `change_log` ADD `member_id` text;--> statement-breakpoint
ALTER TABLE `change_log` ADD `lost` integer DEFAULT 0 NOT NULL;