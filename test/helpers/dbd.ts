import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A valid DBD export item; tests override only what they are about. */
export function dbdItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'DBD-TEST-0001',
    revision: 1,
    title: 'Renovering af tag, Testskolen',
    description: 'Udskiftning af tagpap og nye tagrender.\nArbejdet udføres i sommerferien.',
    workType: 'renovation',
    contractType: 'works',
    property: { id: 'EJD-T1', name: 'Testskolen', address: 'Skolevej 1', postalCode: '4600', city: 'Køge' },
    estimatedValue: { amountDkk: 1540000 },
    cpvCodes: ['45261000-4'],
    timeline: { expectedTenderPublication: '2027-Q2', expectedContractStart: '2027-08-01' },
    status: 'planned',
    requirements: ['LAB-ILO94', 'SOC-APPRENTICE'],
    contact: { name: 'Test Testesen', email: 'test@example.koege.dk' },
    lastModified: '2026-11-01T08:00:00Z',
    ...overrides,
  };
}

export function dbdExport(items: unknown[]) {
  return { format: 'dbd-tender-export', version: 1, exportedAt: '2026-11-20T06:00:00Z', items };
}

/** Writes an export (or any JSON or text) to a temporary file and returns its path. */
export async function writeTempFile(content: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'udbud-test-'));
  const file = path.join(dir, 'export.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
