import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { atRoot } from '../../paths.js';
import { DbdSourceError, type DbdSource } from './source.js';

/** The sample export bundled with the portal: 36 realistic projects for a new installation. */
export const bundledSampleExport = atRoot('src/sync/dbd/sample-export.json');

/** The file could not be read, or is not a DBD tender export. */
export class DbdExportError extends DbdSourceError {
  override name = 'DbdExportError';
  constructor(message: string) {
    super(message, 'file');
  }
}

export interface DbdExport {
  exportedAt: string | null;
  /** Raw items: each is validated on its own, so one bad item cannot sink the file. */
  items: unknown[];
}

export async function readDbdExportFile(file: string): Promise<DbdExport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'filen findes ikke' : code === 'EISDIR' ? 'stien er en mappe' : `kan ikke læses (${code ?? 'ukendt fejl'})`;
    throw new DbdExportError(`${file}: ${why}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new DbdExportError(`${file}: er ikke gyldig JSON`);
  }
  const envelope = data as { format?: unknown; version?: unknown; exportedAt?: unknown; items?: unknown };
  if (typeof data !== 'object' || data === null || envelope.format !== 'dbd-tender-export') {
    throw new DbdExportError(`${file}: er ikke en DBD-udbudseksport (feltet "format" skal være "dbd-tender-export")`);
  }
  if (envelope.version !== 1) {
    throw new DbdExportError(`${file}: DBD-eksportens version ${JSON.stringify(envelope.version)} understøttes ikke (kun version 1)`);
  }
  if (!Array.isArray(envelope.items)) {
    throw new DbdExportError(`${file}: DBD-eksporten mangler listen "items"`);
  }
  return { exportedAt: typeof envelope.exportedAt === 'string' ? envelope.exportedAt : null, items: envelope.items };
}

/** An export file as a source: one page, everything in it, every run a full run. */
export function fileSource(file: string = bundledSampleExport): DbdSource {
  return {
    key: `file:${path.resolve(file)}`,
    incremental: false,
    async fetchPage() {
      const { items, exportedAt } = await readDbdExportFile(file);
      return { items, nextCursor: null, serverTime: exportedAt };
    },
  };
}
