// Runs once before any test file: makes sure a database server for tests is up.
// TEST_DATABASE_URL points the tests at an existing server; otherwise the project-local test server is used.
import { ensureDatabase } from '../scripts/lib/local-db.mjs';

export default async function setup() {
  if (!process.env.TEST_DATABASE_SERVER_URL) {
    const { serverUrl } = await ensureDatabase('test', { externalUrl: process.env.TEST_DATABASE_URL });
    process.env.TEST_DATABASE_SERVER_URL = serverUrl;
  }
}
