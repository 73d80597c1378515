import type { DbdConfig } from '../../config.js';
import { fileSource } from './file-source.js';
import { httpSource, type HttpSourceOptions } from './http-source.js';
import type { DbdSource } from './source.js';

export { parseDbdItem, type ParsedItem } from './item-schema.js';
export { bundledSampleExport, DbdExportError, fileSource } from './file-source.js';
export { httpSource } from './http-source.js';
export { DbdSourceError, type DbdPage, type DbdSource } from './source.js';

/** The source DBD_URL names: the HTTP API, an export file, or the bundled sample. */
export function createDbdSource(config: DbdConfig, onRetry?: HttpSourceOptions['onRetry']): DbdSource {
  const { source } = config;
  if (source.kind === 'file') return fileSource(source.path);
  return httpSource({
    url: source.url,
    token: source.token,
    pageSize: config.pageSize,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    retryBaseMs: config.retryBaseMs,
    maxWaitMs: config.maxWaitMs,
    ...(onRetry ? { onRetry } : {}),
  });
}
