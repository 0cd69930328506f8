// The graphql-js peer of the benchmarks: the project's schema (Sources/Schema/schema.graphql)
// served by graphql-js on Node's own http server, over a copy of the project's database, doing
// the project's work per request. It answers HTTP on 127.0.0.1:PEER_PORT behind its own nginx.
//
// Environment: PEER_PORT (required), MIRUBATO_DB (the database copy), MIRUBATO_KV (its own KV
// file), MIRUBATO_JWT_SECRET and MIRUBATO_DATA_KEY (else the `jwt-secret` and `data-key` files
// beside the database, as the project reads them in development), MIRUBATO_RATE_REQUESTS
// (600/60), PEER_WORKERS (2), GRAPHQL_JS (/usr/share/nodejs/graphql).
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const environment = process.env;
const workers = Number(environment.PEER_WORKERS ?? 2);

if (cluster.isPrimary) {
  // node:cluster: the primary accepts connections and hands them round-robin to the workers,
  // one process per core like the project's two FastCGI workers.
  for (let index = 0; index < workers; index += 1) cluster.fork();
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) process.stderr.write(`peer worker ${worker.process.pid} ended (${signal ?? code})\n`);
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  const { makeHandler } = await import('./handler.mjs');
  const database = environment.MIRUBATO_DB ?? join(process.cwd(), 'data/mirubato.db');
  const secret = (name, file) => environment[name] || readFileSync(join(dirname(database), file), 'utf8').trim();
  const handle = makeHandler({
    schemaPath: join(here, '../../Sources/Schema/schema.graphql'),
    databasePath: database,
    kvPath: environment.MIRUBATO_KV ?? join(dirname(database), 'peer-kv.db'),
    jwtSecret: secret('MIRUBATO_JWT_SECRET', 'jwt-secret'),
    dataKey: secret('MIRUBATO_DATA_KEY', 'data-key'),
    rateRequests: environment.MIRUBATO_RATE_REQUESTS,
    documentCacheSize: 256,
    valueCacheSize: 256,
  });
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      process.stderr.write(`${error.stack}\n`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  // nginx keeps idle upstream connections open for 60 s: Node must not close them first, or a
  // request sent on a connection it is closing fails with a 502.
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 76_000;
  server.listen(Number(environment.PEER_PORT), '127.0.0.1');
}
