/**
 * Storage-side workaround for a Tasklist 8.6.0 bug: camunda/camunda#27237
 * ("ListView index timestamps serialization", fixed in later 8.6 patch releases that are not
 * available to this project).
 *
 * The bug
 * -------
 * Tasklist 8.6.0 imports every Camunda user-task record into two indices. The task index
 * (`tasklist-task-8.5.0_`) gets its dates from Jackson with a fixed `yyyy-MM-dd'T'HH:mm:ss.SSSZ`
 * pattern and is fine. The list-view index (`tasklist-list-view-8.6.0_`, one document per task,
 * routed by process instance) gets `creationTime` and `completionTime` from
 * `OffsetDateTime.toString()`, which drops zero parts: a record stamped exactly on a whole second
 * becomes `2026-11-22T05:10:46Z`. Those fields are mapped
 * `{"type": "date", "format": "date_time || epoch_millis"}`; OpenSearch's `date_time` accepts
 * `…T05:10:46.000Z` and (seconds and fraction omitted together) `…T05:10Z`, but not seconds
 * without a fraction, so it rejects the document. (A whole *minute*, `…T05:10Z`, is accepted.)
 * The importer then retries the same batch forever: from that moment Tasklist, the v2 user-task
 * search and everything built on them stop seeing new tasks (and completing a task can answer 404). With millisecond record timestamps
 * about one task event in a thousand hits this. The rejected write is an *update* with both a
 * partial document and an upsert: `creationTime` travels in the upsert (first write of a task),
 * `completionTime` in the partial document of an update to an existing task.
 *
 * Why this fix (and not another)
 * ------------------------------
 * - An ingest pipeline (`index.default_pipeline` / `final_pipeline`) that appends `.000` does not
 *   work here, for two reasons: OpenSearch runs pipelines only on the `upsert` part of an update,
 *   never on the partial `doc`, so a whole-second `completionTime` on an existing task would still
 *   be rejected; and the single-JVM OpenSearch runner of this stack has the roles
 *   `cluster_manager, data` only (no `ingest`), so any request through a pipeline fails with
 *   "There are no ingest nodes in this cluster".
 * - Widening the field's `format` (e.g. adding `date_time_no_millis`) cannot be done on an existing
 *   index ("Cannot update parameter [format]"), and an index pre-created with a different format is
 *   refused by Tasklist's own schema validator at every start ("Not supported index changes are
 *   introduced. Data migration is required").
 * - What works is the index setting `index.mapping.ignore_malformed: true` on the list-view index.
 *   It is a setting, not a mapping change, so Tasklist's validator does not look at it. With it,
 *   OpenSearch accepts the document, keeps the value in `_source`, and only leaves that one field
 *   out of the index (the document lists it in `_ignored`). The importer moves on; the v1 and v2
 *   task searches read their task data (dates included) from the task index, which was never
 *   affected. The setting is static, so on an existing index it is applied by closing the index,
 *   updating the setting and opening it again (about a second).
 * - Afterwards a small `_update_by_query` (a Painless script run on the data node, no ingest role
 *   needed) rewrites the stored short values to the full form (`…:46.000Z`), so they are indexed
 *   again and sorting/filtering on the list-view dates stays right. It touches only documents that
 *   have one of the date fields in `_ignored`, so running it again finds nothing to do.
 *
 * When it must run
 * ----------------
 * The list-view index is created by Tasklist's schema startup when the web apps start (before they
 * report healthy). Call this after OpenSearch is up and the web apps (Operate + Tasklist) are
 * healthy, i.e. in the start sequence OpenSearch → broker → web apps → **this** — on every start:
 * it is idempotent (a no-op once the setting is there) and safe to call when the index does not
 * exist yet (then it reports `index-missing` and changes nothing, or waits for the index with
 * `waitForIndex`). Do not close the index while Tasklist's schema startup is still running (do not
 * start this in the background before the web apps): use `waitForIndex` only when the caller cannot
 * tell when Tasklist is up. Applying it "late" is harmless: if the importer already stalled on a
 * whole-second timestamp, it is retrying that batch, and the retry succeeds as soon as the setting
 * is on — the stalled tasks then appear within seconds.
 *
 * Script use: `node --import tsx stack/opensearch/tasklist-timestamp-fix.ts <opensearch-url> [--wait-for-index] [--timeout <seconds>]`
 */

/** The 8.6 list-view index of Tasklist with the default index prefix `tasklist`. */
export const TASKLIST_LIST_VIEW_INDEX = 'tasklist-list-view-8.6.0_';

/** The date fields of that index that Tasklist 8.6.0 may write without milliseconds. */
export const TASKLIST_LIST_VIEW_DATE_FIELDS = ['creationTime', 'completionTime', 'dueDate', 'followUpDate'] as const;

const IGNORE_MALFORMED = 'index.mapping.ignore_malformed';

export interface TasklistTimestampFixOptions {
  /** Index to protect; default {@link TASKLIST_LIST_VIEW_INDEX}. */
  index?: string;
  /** Wait (poll) until Tasklist has created the index instead of reporting `index-missing`. */
  waitForIndex?: boolean;
  /** Longest wait for the index, in ms; default 180 000. */
  timeoutMs?: number;
  /** Poll interval while waiting, in ms; default 1 000. */
  pollMs?: number;
  /** Rewrite already stored short timestamps to the full form; default true. */
  repair?: boolean;
  /** Progress messages (the script prints them); default: silent. */
  log?: (message: string) => void;
}

export interface TasklistTimestampFixResult {
  index: string;
  /** `applied` now, `already` there, or nothing done because the index does not exist (yet). */
  setting: 'applied' | 'already' | 'index-missing';
  /** Documents whose short timestamps were rewritten by the repair step. */
  repaired: number;
}

/**
 * Makes the Tasklist list-view index accept whole-second timestamps (see the module comment):
 * sets `index.mapping.ignore_malformed: true` on it (close → update → open when not set yet) and
 * repairs stored short values. Idempotent.
 */
export async function installTasklistTimestampFix(
  opensearchUrl: string,
  opts: TasklistTimestampFixOptions = {},
): Promise<TasklistTimestampFixResult> {
  const base = opensearchUrl.replace(/\/+$/, '');
  const index = opts.index ?? TASKLIST_LIST_VIEW_INDEX;
  const log = opts.log ?? (() => undefined);

  let exists = await indexExists(base, index);
  if (!exists && opts.waitForIndex) {
    log(`waiting for Tasklist to create ${index}`);
    await waitForIndex(base, index, opts.timeoutMs ?? 180_000, opts.pollMs ?? 1_000);
    exists = true;
  }
  if (!exists) {
    log(`${index} does not exist yet: nothing to do (call again once Tasklist has started)`);
    return { index, setting: 'index-missing', repaired: 0 };
  }

  let setting: TasklistTimestampFixResult['setting'] = 'already';
  if (await isTimestampFixInstalled(base, index)) {
    log(`${index}: ${IGNORE_MALFORMED} is already true`);
  } else {
    log(`${index}: closing, setting ${IGNORE_MALFORMED}=true, opening`);
    await applyStaticSetting(base, index, { [IGNORE_MALFORMED]: true });
    setting = 'applied';
  }

  const repaired = opts.repair === false ? 0 : await repairShortTimestamps(base, index);
  if (repaired > 0) log(`${index}: rewrote short timestamps in ${repaired} document(s)`);
  return { index, setting, repaired };
}

/** True when the index exists and carries `index.mapping.ignore_malformed: true`. */
export async function isTimestampFixInstalled(opensearchUrl: string, index = TASKLIST_LIST_VIEW_INDEX): Promise<boolean> {
  const base = opensearchUrl.replace(/\/+$/, '');
  const res = await fetch(`${base}/${encodeURIComponent(index)}/_settings/${IGNORE_MALFORMED}?flat_settings=true`);
  if (res.status === 404) return false;
  const body = (await json(res, `read the settings of ${index}`)) as Record<string, { settings?: Record<string, string> }>;
  return Object.values(body).some((entry) => entry.settings?.[IGNORE_MALFORMED] === 'true');
}

/** Polls until the index exists; throws after `timeoutMs`. */
export async function waitForIndex(opensearchUrl: string, index = TASKLIST_LIST_VIEW_INDEX, timeoutMs = 180_000, pollMs = 1_000): Promise<void> {
  const base = opensearchUrl.replace(/\/+$/, '');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await indexExists(base, index)) return;
    } catch {
      // OpenSearch not answering yet: keep waiting until the deadline.
    }
    if (Date.now() >= deadline) throw new Error(`${index} was not created within ${Math.round(timeoutMs / 1000)} s (is Tasklist running against ${base}?)`);
    await sleep(pollMs);
  }
}

async function indexExists(base: string, index: string): Promise<boolean> {
  const res = await fetch(`${base}/${encodeURIComponent(index)}`, { method: 'HEAD' });
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  throw new Error(`OpenSearch answered ${res.status} when asked whether ${index} exists`);
}

/** Static index settings can only change while the index is closed; always reopens it. */
async function applyStaticSetting(base: string, index: string, settings: Record<string, unknown>): Promise<void> {
  const path = `${base}/${encodeURIComponent(index)}`;
  await json(await fetch(`${path}/_close?wait_for_active_shards=0`, { method: 'POST' }), `close ${index}`);
  try {
    await json(
      await fetch(`${path}/_settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) }),
      `update the settings of ${index}`,
    );
  } finally {
    await json(await fetch(`${path}/_open?wait_for_active_shards=1`, { method: 'POST' }), `reopen ${index}`);
  }
}

/**
 * Rewrites `…T05:10:46Z` to `…T05:10:46.000Z` in the documents where OpenSearch had to ignore one
 * of the date fields. Version conflicts (Tasklist writing the same
 * document meanwhile) are skipped; the next call picks those documents up again.
 */
async function repairShortTimestamps(base: string, index: string): Promise<number> {
  const body = {
    query: { terms: { _ignored: [...TASKLIST_LIST_VIEW_DATE_FIELDS] } },
    script: {
      lang: 'painless',
      params: { fields: [...TASKLIST_LIST_VIEW_DATE_FIELDS] },
      source: [
        'for (String f : params.fields) {',
        '  def v = ctx._source[f];',
        '  if (v instanceof String && v.length() == 20 && v.endsWith("Z") && v.charAt(10) == (char) "T") {',
        '    ctx._source[f] = v.substring(0, 19) + ".000Z";',
        '  }',
        '}',
      ].join('\n'),
    },
  };
  const res = await fetch(`${base}/${encodeURIComponent(index)}/_update_by_query?conflicts=proceed&refresh=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const result = (await json(res, `repair short timestamps in ${index}`)) as { updated?: number };
  return result.updated ?? 0;
}

async function json(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`could not ${what}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as unknown) : {};
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(argv: string[]): Promise<void> {
  const args = argv.slice(2);
  const url = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  const timeoutIdx = args.indexOf('--timeout');
  const timeoutS = timeoutIdx >= 0 ? Number(args[timeoutIdx + 1]) : 180;
  if (!url || !Number.isFinite(timeoutS)) {
    console.error('usage: node --import tsx stack/opensearch/tasklist-timestamp-fix.ts <opensearch-url> [--wait-for-index] [--timeout <seconds>]');
    process.exitCode = 2;
    return;
  }
  const result = await installTasklistTimestampFix(url, {
    waitForIndex: args.includes('--wait-for-index'),
    timeoutMs: timeoutS * 1000,
    log: (m) => console.log(`tasklist-timestamp-fix: ${m}`),
  });
  console.log(`tasklist-timestamp-fix: ${result.index}: setting ${result.setting}, ${result.repaired} document(s) repaired`);
}

if (require.main === module) {
  main(process.argv).catch((err: unknown) => {
    console.error(`tasklist-timestamp-fix: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
