import { defineConfig } from 'drizzle-kit'

// The sync server's migrations (PostgreSQL dialect): `npx drizzle-kit generate --config drizzle-server.config.ts`.
// Applied by the server at start under an advisory lock (src-server/db/migrate.ts), never edited by hand.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src-server/db/schema.ts',
  out: './src-server/drizzle',
})
