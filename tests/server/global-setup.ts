/**
 * The server project's globalSetup: one private PostgreSQL cluster for every test file (each
 * file's servers get databases of their own on it), stopped after the run. DATABASE_URL set: that
 * server is used instead (the tests create databases on it).
 */
import type { TestProject } from 'vitest/node'
import { startCluster, type Cluster } from './pg-cluster'

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string
  }
}

export default async function setup(project: TestProject) {
  let cluster: Cluster | null = null
  let url = process.env.DATABASE_URL
  if (!url) {
    cluster = await startCluster()
    url = cluster.url
  }
  project.provide('pgUrl', url)
  return async () => {
    await cluster?.stop()
  }
}
