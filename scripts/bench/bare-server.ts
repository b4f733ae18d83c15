// The bare handler the app is compared with: node:http and a mysql2 pool configured like the app's
// (createDb), running for each request the SQL the app ran for it (captured by capture.ts), with no
// framework, no tRPC, no superjson. Usage: tsx bare-server.ts <templates.json>, with DATABASE_URL and PORT.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createDb, poolOf } from '@damso/db';
import { decodeTemplates, replay } from './replay.ts';

const [file] = process.argv.slice(2);
const { DATABASE_URL, PORT } = process.env;
if (!file || !DATABASE_URL || !PORT)
  throw new Error('Usage: DATABASE_URL=… PORT=… tsx bare-server.ts <templates.json>');
const templates = decodeTemplates(readFileSync(file, 'utf8'));
const pool = poolOf(createDb(DATABASE_URL)).pool.promise();

const server = createServer((req, res) => {
  // Requests are /<template key>?key=<idempotency key>; the body is read like any server would.
  req.resume();
  req.on('end', async () => {
    const url = new URL(req.url ?? '/', 'http://bare');
    const template = templates[url.pathname.slice(1)];
    if (!template) {
      res.writeHead(url.pathname === '/ready' ? 200 : 404).end();
      return;
    }
    try {
      const body = JSON.stringify(await replay(pool, template, url.searchParams.get('key')));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    } catch (error) {
      res.writeHead(500).end(String((error as Error).message));
    }
  });
});
server.listen(Number(PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});
