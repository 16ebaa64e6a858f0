CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`tx_ids` text DEFAULT '[]' NOT NULL,
	`params` text,
	`error` text,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
