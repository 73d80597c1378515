import type { Db, Executor } from '../../db/database.js';
import { listThresholdSets, requirementsByCode } from '../../rules/repository.js';
import { processHistory } from './history.js';
import { compileReleases, withoutStaleNulls } from './merge.js';
import { buildRelease, type ProcessContext } from './release.js';
import { processSources, releaseEventPage, requirementCodesIn, type ProcessSource, type ReleasePageQuery } from './sources.js';
import type { JsonObject, OrganizationReference, Release } from './types.js';

// Each tender is one OCDS contracting process, `{prefix}-{DBD id}`; each of its events is one
// release, `{ocid}-{event id}`. Releases are rebuilt from the events on every request (they are
// cheap, and so a correction of the mapping reaches every release at once).

export interface OcdsSettings {
  ocidPrefix: string;
  municipalityName: string;
}

export const ocidOf = (prefix: string, tenderId: string) => `${prefix}-${tenderId}`;

/** The DBD id in an ocid of this portal's prefix; null for any other ocid. */
export function tenderIdOf(prefix: string, ocid: string): string | null {
  return ocid.startsWith(`${prefix}-`) && ocid.length > prefix.length + 1 ? ocid.slice(prefix.length + 1) : null;
}

/**
 * The municipality as a party. Its id comes from its name ('Køge Kommune' → 'koege-kommune'): the
 * portal is configured with the name only, and an id needs only be unique within a process.
 */
export function buyerOf(municipalityName: string): OrganizationReference {
  const slug = municipalityName
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'oe')
    .replaceAll('å', 'aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return { id: slug || 'kommune', name: municipalityName };
}

/**
 * Reads in one snapshot: a tender's state and its events read at different moments (a sync
 * committing in between) would not add up when the history is walked back from that state.
 */
const inOneSnapshot = <T>(db: Db, read: (trx: Executor) => Promise<T>): Promise<T> =>
  db.transaction().setIsolationLevel('repeatable read').execute(read);

/** Every release of one process with the id of its event, oldest first. */
function releasesOf(source: ProcessSource, context: SharedContext, settings: OcdsSettings) {
  const ctx: ProcessContext = { ...context, ocid: ocidOf(settings.ocidPrefix, source.tenderId), questions: source.questions, contract: source.contract };
  const releases: Array<{ eventId: number; release: Release }> = [];
  let previous: JsonObject | undefined;
  for (const step of processHistory(source.current, source.events)) {
    // Still a Release, less the nulls that cleared nothing.
    const release = withoutStaleNulls(buildRelease(step, ctx), previous) as Release;
    releases.push({ eventId: Number(step.event.id), release });
    previous = release;
  }
  return releases;
}

/** What every process of a page shares; the ocid, the questions and the contract are each process's own. */
type SharedContext = Omit<ProcessContext, 'ocid' | 'questions' | 'contract'>;

async function contextFor(db: Db, sources: readonly ProcessSource[], settings: OcdsSettings): Promise<SharedContext> {
  const [catalogue, thresholdSets] = await Promise.all([requirementsByCode(db, requirementCodesIn(sources)), listThresholdSets(db)]);
  return { buyer: buyerOf(settings.municipalityName), catalogue, thresholdSets };
}

export interface ReleasePage {
  releases: Release[];
  /** The id of the last event on the page, for the next page's cursor; null when there is none. */
  lastEventId: number | null;
  /** Whether more releases follow this page. */
  more: boolean;
}

/** One page of releases, across all processes, in the order their events were written. */
export async function releasePage(db: Db, settings: OcdsSettings, query: ReleasePageQuery): Promise<ReleasePage> {
  const { rows, sources } = await inOneSnapshot(db, async (trx) => {
    const rows = await releaseEventPage(trx, { ...query, limit: query.limit + 1 });
    return { rows, sources: await processSources(trx, rows.slice(0, query.limit).map((r) => r.tenderId)) };
  });
  const page = rows.slice(0, query.limit);
  const context = await contextFor(db, sources, settings);
  const byEvent = new Map<number, Release>();
  for (const source of sources) {
    for (const { eventId, release } of releasesOf(source, context, settings)) byEvent.set(eventId, release);
  }
  return {
    releases: page.map((r) => byEvent.get(r.id)).filter((r): r is Release => r !== undefined),
    lastEventId: page.at(-1)?.id ?? null,
    more: rows.length > query.limit,
  };
}

export interface ProcessRecord {
  ocid: string;
  releases: Release[];
  compiledRelease: JsonObject;
}

/** A process's record: all its releases and the compiled release; null for an unknown tender. */
export async function processRecord(db: Db, settings: OcdsSettings, tenderId: string): Promise<ProcessRecord | null> {
  const [source] = await inOneSnapshot(db, (trx) => processSources(trx, [tenderId]));
  if (!source || source.events.length === 0) return null;
  const releases = releasesOf(source, await contextFor(db, [source], settings), settings).map((r) => r.release);
  return { ocid: ocidOf(settings.ocidPrefix, tenderId), releases, compiledRelease: compileReleases(releases) };
}
