import { loadConfig } from '../core/config';
import { connectDatabase, disconnectDatabase } from '../core/db';
import { verifyAuditLog } from '../core/repositories/audit';
import { describeBreak } from '../core/rules/audit-chain';

/**
 * Checks the hash chain of the audit log (audit_entries) of the database MONGODB_URI names:
 *
 *   npx tsx stack/audit-verify.ts [--expect-head <hash>]
 *
 * prints `audit log: 1234 entries, chain intact, head <hash>` and exits 0, or
 * `audit log BROKEN at seq 57: hash mismatch (entry edited)` and exits 1. Exit 2: bad arguments
 * or the database could not be read.
 *
 * The chain shows an entry edited, removed or reordered, but not entries cut from the end: what is
 * left is still a valid chain. Against that, write down the head hash from time to time (in the
 * register, in a signed report) and pass the last one as --expect-head: the check then also fails
 * when the chain no longer contains that hash, i.e. its tail was removed (even if new entries were
 * appended since, they do not carry the old hash).
 */
function parseArgs(argv: string[]): { anchor?: string } {
  if (argv.length === 0) return {};
  const [flag, value, ...rest] = argv;
  if (flag === '--expect-head' && value !== undefined && /^[0-9a-f]{64}$/.test(value) && rest.length === 0) return { anchor: value };
  throw new Error('usage: npx tsx stack/audit-verify.ts [--expect-head <64 hex digits>]');
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  await connectDatabase(loadConfig().MONGODB_URI);
  try {
    const result = await verifyAuditLog(options);
    if (!result.ok) {
      console.log(`audit log BROKEN at seq ${result.seq}: ${describeBreak(result.reason)}`);
      return 1;
    }
    const anchor = result.anchorSeq === undefined ? '' : `, expected head found at seq ${result.anchorSeq}`;
    console.log(`audit log: ${result.count} entries, chain intact, head ${result.headHash}${anchor}`);
    return 0;
  } finally {
    await disconnectDatabase();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`audit log not verified: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
