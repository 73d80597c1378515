import type { FastifyInstance } from 'fastify';
import type { MessageKind } from '../../db/types.js';
import { composeMail, type AlertTender } from '../../subscriptions/compose.js';
import { alertHealth } from '../../subscriptions/health.js';
import { loadLinkSigner, type LinkSigner } from '../../subscriptions/tokens.js';
import { renderError } from '../errors.js';
import { formatDateTime } from '../format.js';

// /admin/mails: how the e-mail alerts are doing, and every mail template filled with sample data,
// so officers see what subscribers get before they get it.

const kinds: Array<{ kind: MessageKind; label: string }> = [
  { kind: 'confirm', label: 'Bekræftelse af tilmelding' },
  { kind: 'already_subscribed', label: 'Besked til en adresse, der allerede abonnerer' },
  { kind: 'instant', label: 'Besked straks (én ændring)' },
  { kind: 'daily', label: 'Dagligt overblik' },
  { kind: 'weekly', label: 'Ugentligt overblik' },
];

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const at = (iso: string) => new Date(iso);

function sampleTenders(kind: MessageKind): AlertTender[] {
  const roof: AlertTender = {
    id: 'DBD-EKSEMPEL-1',
    title: 'Renovering af tag, Køge Rådhus',
    events: [
      {
        id: 1,
        tenderId: 'DBD-EKSEMPEL-1',
        occurredAt: at('2026-11-23T08:15:00Z'),
        kind: 'updated',
        source: 'dbd',
        revision: 3,
        changes: [{ field: 'tenderDeadline', old: '2027-01-15T11:00:00.000Z', new: '2027-01-22T11:00:00.000Z' }],
        details: null,
      },
    ],
  };
  if (kind === 'instant') return [roof];
  const school: AlertTender = {
    id: 'DBD-EKSEMPEL-2',
    title: 'Energirenovering af Søndre Skole',
    events: [
      { id: 2, tenderId: 'DBD-EKSEMPEL-2', occurredAt: at('2026-11-23T10:02:00Z'), kind: 'created', source: 'dbd', revision: 1, changes: [], details: null },
      {
        id: 3,
        tenderId: 'DBD-EKSEMPEL-2',
        occurredAt: at('2026-11-23T13:40:00Z'),
        kind: 'updated',
        source: 'dbd',
        revision: 2,
        changes: [{ field: 'estimatedValueDkk', old: 4_200_000, new: 4_850_000 }],
        details: null,
      },
    ],
  };
  return [roof, school];
}

export async function mailAdminRoutes(app: FastifyInstance) {
  let signer: LinkSigner | undefined;
  const sample = async (kind: MessageKind) => {
    signer ??= await loadLinkSigner(app.db);
    const context = { publicUrl: app.config.publicUrl, municipality: app.config.municipalityName, signer };
    const frequency = kind === 'weekly' ? 'weekly' : kind === 'instant' ? 'instant' : 'daily';
    const subscription = { id: SAMPLE_ID, email: 'entreprenoer@eksempel.dk', filter: { q: 'tag', workType: ['renovation'] }, frequency } as const;
    return composeMail(context, { id: SAMPLE_ID, kind }, subscription, sampleTenders(kind));
  };

  app.get('/admin/mails', async (_request, reply) => {
    const health = await alertHealth(app.db);
    const previews = await Promise.all(
      kinds.map(async ({ kind, label }) => {
        const mail = await sample(kind);
        return { kind, label, subject: mail.subject, text: mail.text, htmlUrl: `/admin/mails/eksempel/${kind}` };
      }),
    );
    return reply.view('admin/mails', {
      pageTitle: 'E-mailbeskeder',
      health: { ...health, failing: health.failing.map((f) => ({ ...f, since: formatDateTime(f.since) })) },
      delivery: app.config.mail.smtpUrl ? 'SMTP' : `filer i ${app.config.mail.outboxDir} (SMTP_URL er ikke sat)`,
      enabled: app.config.mail.enabled,
      previews,
    });
  });

  app.get<{ Params: { kind: string } }>('/admin/mails/eksempel/:kind', async (request, reply) => {
    const known = kinds.find((k) => k.kind === request.params.kind);
    if (!known) return renderError(reply, 404, 'Skabelonen findes ikke', `Der er ingen mailskabelon ved navn ${request.params.kind}.`);
    const mail = await sample(known.kind);
    // The mail's own HTML (inline styles, as mail clients need), shown in a frame on /admin/mails:
    // no scripts at all, and framed only by the portal itself.
    return reply
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
      .header('x-frame-options', 'SAMEORIGIN')
      .type('text/html; charset=utf-8')
      .send(mail.html);
  });
}
