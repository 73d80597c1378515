import { z } from 'zod';
import { parseExpectedPeriod } from '../../domain/period.js';
import { dbdStatuses } from '../../domain/lifecycle.js';
import type { TenderSnapshot } from '../../domain/tender.js';
import { contractTypes, workTypes } from '../../domain/vocabulary.js';

// DBD's tender export item (the DBD export contract, FORMAT.md). Every message is written for an officer.

const optionalText = (max: number) => z.string().trim().max(max, `højst ${max} tegn`).optional().nullable();

const isoDateTimeWithOffset = z.iso.datetime({ offset: true, error: 'ikke et gyldigt tidspunkt (ISO-8601 med tidszone)' });

const dbdItemSchema = z.object({
  id: z
    .string({ error: 'mangler' })
    .trim()
    .min(1, 'mangler')
    .max(100, 'højst 100 tegn')
    .regex(/^[\w.-]+$/, 'må kun indeholde bogstaver, tal, punktum, bindestreg og understregning'),
  revision: z.number({ error: 'skal være et heltal ≥ 1' }).int('skal være et heltal ≥ 1').min(1, 'skal være et heltal ≥ 1'),
  title: z
    .string({ error: 'mangler' })
    .trim()
    .min(1, 'mangler')
    .max(300, 'er for lang (højst 300 tegn)'),
  description: z.string({ error: 'skal være tekst' }).max(20000, 'er for lang (højst 20.000 tegn)').optional().nullable(),
  workType: z.enum(workTypes, { error: `skal være en af ${workTypes.join(', ')}` }),
  contractType: z.enum(contractTypes, { error: `skal være en af ${contractTypes.join(', ')}` }),
  property: z
    .object({
      id: optionalText(100),
      name: optionalText(300),
      address: optionalText(300),
      postalCode: optionalText(10),
      city: optionalText(100),
      lat: z.number().min(-90).max(90).optional().nullable(),
      lon: z.number().min(-180).max(180).optional().nullable(),
    })
    .optional()
    .nullable(),
  estimatedValue: z
    .object({
      amountDkk: z
        .number({ error: 'skal være et beløb i kr.' })
        .nonnegative('må ikke være negativ')
        .max(1e12, 'er urealistisk stor'),
    })
    .nullable()
    .optional(),
  cpvCodes: z
    .array(z.string().regex(/^\d{8}(-\d)?$/, 'skal være en CPV-kode som 45261000-4 eller 45261000'))
    .max(50)
    .optional()
    .nullable(),
  timeline: z
    .object({
      expectedTenderPublication: z
        .string()
        .refine((v) => parseExpectedPeriod(v) !== null, 'skal være ÅÅÅÅ-Qn, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD')
        .optional()
        .nullable(),
      tenderDeadline: isoDateTimeWithOffset.optional().nullable(),
      expectedContractStart: z.iso.date({ error: 'ikke en gyldig dato (ÅÅÅÅ-MM-DD)' }).optional().nullable(),
    })
    .optional()
    .nullable(),
  status: z.enum(dbdStatuses, { error: `skal være en af ${dbdStatuses.join(', ')}` }),
  procurement: z
    .object({
      platformUrl: z
        .url({ protocol: /^https?$/, error: 'skal være en http(s)-adresse' })
        .optional()
        .nullable(),
      referenceNumber: optionalText(100),
    })
    .optional()
    .nullable(),
  requirements: z.array(z.string().trim().min(1).max(50)).max(100).optional().nullable(),
  contact: z
    .object({
      name: optionalText(200),
      email: z.email({ error: 'ikke en gyldig e-mailadresse' }).optional().nullable(),
      phone: optionalText(50),
    })
    .optional()
    .nullable(),
  cancellationReason: optionalText(5000),
  lastModified: isoDateTimeWithOffset,
});

const fieldNames: Record<string, string> = {
  id: 'id',
  revision: 'revision',
  title: 'titel',
  description: 'beskrivelse',
  workType: 'arbejdstype (workType)',
  contractType: 'kontrakttype (contractType)',
  property: 'ejendom',
  estimatedValue: 'anslået værdi',
  cpvCodes: 'CPV-koder',
  timeline: 'tidsplan',
  status: 'status',
  procurement: 'udbudsoplysninger',
  requirements: 'krav',
  contact: 'kontakt',
  cancellationReason: 'aflysningsårsag',
  lastModified: 'lastModified',
};

export type ParsedItem =
  | { ok: true; snapshot: TenderSnapshot }
  | { ok: false; id: string | null; reason: string };

const toUtcIso = (value: string) => new Date(value).toISOString();

function reasonFor(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const [head, ...rest] = issue.path.map(String);
      const name = head ? (fieldNames[head] ?? head) : 'elementet';
      const where = rest.length ? `${name} (${rest.join('.')})` : name;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** Validates one raw DBD item; a bad item is reported with its id (when it has one) and a reason. */
export function parseDbdItem(raw: unknown): ParsedItem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, id: null, reason: 'elementet er ikke et JSON-objekt' };
  }
  const rawId = (raw as { id?: unknown }).id;
  const id = typeof rawId === 'string' && rawId.trim() ? rawId.trim().slice(0, 100) : null;
  const parsed = dbdItemSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, id, reason: reasonFor(parsed.error) };
  const item = parsed.data;
  const property = item.property ?? {};
  const timeline = item.timeline ?? {};
  return {
    ok: true,
    snapshot: {
      id: item.id,
      revision: item.revision,
      title: item.title,
      description: item.description ?? '',
      workType: item.workType,
      contractType: item.contractType,
      propertyId: property.id ?? null,
      propertyName: property.name ?? null,
      propertyAddress: property.address ?? null,
      propertyPostalCode: property.postalCode ?? null,
      propertyCity: property.city ?? null,
      propertyLat: property.lat ?? null,
      propertyLon: property.lon ?? null,
      estimatedValueDkk: item.estimatedValue?.amountDkk ?? null,
      cpvCodes: item.cpvCodes ?? [],
      expectedPublication: timeline.expectedTenderPublication ?? null,
      tenderDeadline: timeline.tenderDeadline ? toUtcIso(timeline.tenderDeadline) : null,
      expectedContractStart: timeline.expectedContractStart ?? null,
      dbdStatus: item.status,
      platformUrl: item.procurement?.platformUrl ?? null,
      referenceNumber: item.procurement?.referenceNumber ?? null,
      requirements: [...new Set(item.requirements ?? [])],
      contactName: item.contact?.name ?? null,
      contactEmail: item.contact?.email ?? null,
      contactPhone: item.contact?.phone ?? null,
      cancellationReason: item.cancellationReason ?? null,
      lastModified: toUtcIso(item.lastModified),
    },
  };
}
