import type { Json, JsonObject, Release } from './types.js';

// OCDS 1.1 merging (standard.open-contracting.org, "Merging"): releases are applied oldest first;
// objects merge field by field, arrays of objects with an `id` merge entry by entry on that id,
// anything else (strings, numbers, arrays of strings) is replaced by the newer value, and a `null`
// removes the field. A few arrays are marked `wholeListMerge` in the schema and are replaced whole.

/** The release fields marked `omitWhenMerged` in the release schema. */
const OMITTED = new Set(['id', 'date', 'tag']);
/** The arrays marked `wholeListMerge` in the 1.1.5 release schema. */
const WHOLE_LIST = new Set(['additionalClassifications', 'additionalIdentifiers']);

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const hasId = (value: Json): value is JsonObject => isObject(value) && value.id !== undefined && value.id !== null;

const sameId = (a: Json, b: JsonObject) => hasId(a) && String(a.id) === String(b.id);

function mergeArray(key: string, old: Json | undefined, incoming: Json[]): Json[] {
  if (WHOLE_LIST.has(key) || !incoming.every(hasId)) return incoming.map((v) => (isObject(v) ? mergeObject({}, v) : v));
  const merged = Array.isArray(old) ? [...old] : [];
  for (const entry of incoming as JsonObject[]) {
    const at = merged.findIndex((m) => sameId(m, entry));
    if (at === -1) merged.push(mergeObject({}, entry));
    else merged[at] = mergeObject(merged[at] as JsonObject, entry);
  }
  return merged;
}

/** `source` merged onto `target` (neither is changed). */
export function mergeObject(target: JsonObject, source: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (value === null) delete out[key];
    else if (Array.isArray(value)) out[key] = mergeArray(key, out[key], value);
    else if (isObject(value)) {
      const merged = mergeObject(isObject(out[key]) ? (out[key] as JsonObject) : {}, value);
      // An object whose every field was removed is gone too (OCDS merges field paths, not objects).
      if (Object.keys(merged).length > 0) out[key] = merged;
      else delete out[key];
    } else out[key] = value;
  }
  return out;
}

/**
 * The compiled release of a process's releases (oldest first): tagged `compiled`, dated like the
 * newest release, with an id made of the ocid and that date (as OCDS's own merge tool does).
 */
export function compileReleases(releases: readonly Release[]): JsonObject {
  let compiled: JsonObject = {};
  for (const release of releases) {
    const merged = Object.fromEntries(Object.entries(release).filter(([key]) => !OMITTED.has(key)));
    compiled = mergeObject(compiled, merged);
  }
  const newest = releases.at(-1)!;
  return { ocid: newest.ocid, id: `${newest.ocid}-${newest.date}`, date: newest.date, tag: ['compiled'], ...compiled };
}

/**
 * A release without the nulls that clear nothing. Releases are built with `null` for every absent
 * value; a null is kept only where the previous release of the process had a value, because in OCDS
 * a null means "remove this" (so the compiled release forgets a deadline DBD withdrew). Objects
 * left empty are dropped; entries of id-arrays are compared with the previous entry of that id.
 */
export function withoutStaleNulls(value: JsonObject, previous: JsonObject | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const before = previous?.[key];
    if (v === undefined) continue;
    if (v === null) {
      if (before !== undefined && before !== null) out[key] = null;
    } else if (isObject(v)) {
      const inner = withoutStaleNulls(v, isObject(before) ? before : undefined);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else if (Array.isArray(v)) {
      const earlier = Array.isArray(before) ? before : [];
      out[key] = v.map((entry) => (isObject(entry) ? withoutStaleNulls(entry, earlier.find((e) => sameId(e, entry)) as JsonObject | undefined) : entry));
    } else {
      out[key] = v;
    }
  }
  return out;
}
