import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pgConnectionFromEnv } from './backend';

const run = promisify(execFile);
const PSQL = `${process.env.OPS_PG_BIN ?? '/usr/lib/postgresql/15/bin'}/psql`;

/** The tsquery the Postgres search engine builds from a term (each word, also as a prefix). */
export function pgSearchTerm(term: string): string {
  return term
    .split(/\s/)
    .map(p => p.replace(/[\0()|&:*!<]/g, '').trim())
    .filter(p => p !== '')
    .map(p => `(${JSON.stringify(p)} | ${JSON.stringify(p)}:*)`)
    .join('&');
}

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of the statement the Postgres search engine runs for the search
 * page's result list (type software-catalog, first page of 25, default highlight options), in
 * the search plugin's database, through psql.
 */
export async function explainSearch(term: string): Promise<string> {
  const pg = pgConnectionFromEnv();
  const tsquery = pgSearchTerm(term).replace(/'/g, "''");
  const sql = `EXPLAIN (ANALYZE, BUFFERS)
SELECT type, document, COUNT(*) OVER() AS total_count,
  ts_rank_cd(body, query, 0) AS rank,
  ts_headline('english', document, query, 'MaxWords=35, MinWords=15, ShortWord=3, HighlightAll=false, MaxFragments=0, FragmentDelimiter= ... , StartSel=<b>, StopSel=</b>') AS highlight
FROM documents, to_tsquery('english', '${tsquery}') query
WHERE query @@ body AND type IN ('software-catalog')
ORDER BY rank DESC LIMIT 26 OFFSET 0`;
  const { stdout } = await run(
    PSQL,
    [
      '-h',
      pg.host,
      '-p',
      String(pg.port),
      '-U',
      pg.user,
      '-d',
      'backstage_plugin_search',
      '-X',
      '-c',
      sql,
    ],
    { env: { ...process.env, PGPASSWORD: pg.password } },
  );
  return `EXPLAIN of the search result query for ${JSON.stringify(
    term,
  )} (${tsquery}):\n${stdout}`;
}
