import path from 'node:path';
import cron from 'node-cron';
import { z } from 'zod';

/** Thrown when the environment does not describe a valid configuration. One line, in Danish. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const urlWith = (protocols: string[], message: string) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, message);

const httpUrl = (variable: string) => urlWith(['http:', 'https:'], `${variable} skal være en http(s)-adresse`);

const positiveInt = (variable: string, fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `${variable} skal være et tal` })
      .int(`${variable} skal være et heltal`)
      .positive(`${variable} skal være større end 0`)
      .default(fallback),
  );

const isHttpUrl = (value: string) => /^https?:\/\//i.test(value);

const embedOriginList = (value: string) => value.split(/[\s,]+/).filter(Boolean);

/**
 * EMBED_ORIGINS: origins separated by commas or spaces. The first entry that is not an http(s)
 * origin (scheme and host, maybe a port: no path, query, user or fragment), or null when all are.
 */
export function badEmbedOrigin(value: string): string | null {
  for (const entry of embedOriginList(value)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return entry;
    }
    const bare = !url.username && !url.password && !url.search && !url.hash && url.pathname === '/' && !entry.replace(/^[a-z]+:\/\//i, '').replace(/\/$/, '').includes('/');
    // Only what a CSP source may hold: a header must not be extended by a stray ; or quote.
    const plainHost = /^(\*\.)?[a-z0-9.-]+(:\d+)?$/.test(url.host);
    if (!['http:', 'https:'].includes(url.protocol) || !bare || !plainHost) return entry;
  }
  return null;
}

const envSchema = z
  .object({
  PORT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'PORT skal være et tal' })
      .int('PORT skal være et heltal')
      .min(1, 'PORT skal være mellem 1 og 65535')
      .max(65535, 'PORT skal være mellem 1 og 65535')
      .default(3000),
  ),
  HOST: z.preprocess(emptyToUndefined, z.string().default('localhost')),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL skal begynde med postgres:// eller postgresql://')
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  PUBLIC_URL: z.preprocess(emptyToUndefined, httpUrl('PUBLIC_URL').optional()),
  DBD_URL: z.preprocess(emptyToUndefined, z.string().optional()),
  DBD_TOKEN: z.preprocess(emptyToUndefined, z.string().optional()),
  DBD_SYNC_CRON: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((value) => value === 'off' || cron.validate(value), 'DBD_SYNC_CRON skal være et cron-udtryk (fx "*/5 * * * *") eller off')
      .default('*/5 * * * *'),
  ),
  DBD_TIMEOUT_MS: positiveInt('DBD_TIMEOUT_MS', 30_000),
  DBD_MAX_RETRIES: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: 'DBD_MAX_RETRIES skal være et tal' }).int('DBD_MAX_RETRIES skal være et heltal').min(0).max(20, 'DBD_MAX_RETRIES må højst være 20').default(4),
  ),
  DBD_RETRY_BASE_MS: positiveInt('DBD_RETRY_BASE_MS', 1_000),
  DBD_MAX_WAIT_MS: positiveInt('DBD_MAX_WAIT_MS', 120_000),
  DBD_PAGE_SIZE: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: 'DBD_PAGE_SIZE skal være et tal' }).int('DBD_PAGE_SIZE skal være et heltal').min(1, 'DBD_PAGE_SIZE skal være mellem 1 og 500').max(500, 'DBD_PAGE_SIZE skal være mellem 1 og 500').default(500),
  ),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'LOG_LEVEL skal være en af fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  SESSION_IDLE_MINUTES: positiveInt('SESSION_IDLE_MINUTES', 30),
  SESSION_MAX_HOURS: positiveInt('SESSION_MAX_HOURS', 10),
  PROCUREMENT_DEPARTMENT: z.preprocess(emptyToUndefined, z.string().default('Udbud og Indkøb')),
  STANDSTILL_EXTRA_CLOSED_DAYS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^(none|(\d\d-\d\d)(,\d\d-\d\d)*)$/, 'STANDSTILL_EXTRA_CLOSED_DAYS skal være MM-DD adskilt af komma, fx 06-05,12-24,12-31, eller none')
      .default('06-05,12-24,12-31'),
  ),
  SMTP_URL: z.preprocess(
    emptyToUndefined,
    urlWith(['smtp:', 'smtps:'], 'SMTP_URL skal være en smtp:// eller smtps://-adresse, fx smtp://bruger:kode@mail.example.dk:587').optional(),
  ),
  MAIL_FROM: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'MAIL_FROM skal være en e-mailadresse, evt. med navn: Udbud <udbud@koege.dk>')
      .optional(),
  ),
  ALERTS: z.preprocess(
    emptyToUndefined,
    z.enum(['on', 'off'], { error: 'ALERTS skal være on eller off' }).default('on'),
  ),
  MAIL_RETRY_DELAY_SECONDS: positiveInt('MAIL_RETRY_DELAY_SECONDS', 30),
  METRICS: z.preprocess(
    emptyToUndefined,
    z.enum(['on', 'off'], { error: 'METRICS skal være on eller off' }).default('on'),
  ),
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'METRICS_TOKEN skal være mindst 16 tegn').optional()),
  API_RATE_LIMIT_PER_MINUTE: positiveInt('API_RATE_LIMIT_PER_MINUTE', 300),
  TRUST_PROXY_HOPS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'TRUST_PROXY_HOPS skal være et tal' })
      .int('TRUST_PROXY_HOPS skal være et heltal')
      .min(0, 'TRUST_PROXY_HOPS må ikke være negativ')
      .max(10, 'TRUST_PROXY_HOPS må højst være 10')
      .default(0),
  ),
  SUBSCRIBE_RATE_LIMIT_PER_HOUR: positiveInt('SUBSCRIBE_RATE_LIMIT_PER_HOUR', 10),
  MUNICIPALITY_NAME: z.preprocess(emptyToUndefined, z.string().default('Køge Kommune')),
  ACCESSIBILITY_STATEMENT_URL: z.preprocess(
    emptyToUndefined,
    httpUrl('ACCESSIBILITY_STATEMENT_URL').optional(),
  ),
  LOCAL_POSTCODES: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((value) => value.replace(/\s+/g, ''))
      .pipe(z.string().regex(/^\d{4}(,\d{4})*$/, 'LOCAL_POSTCODES skal være firecifrede postnumre adskilt af komma, fx 4600,4623,4632'))
      .default('4600,4623,4632,4652,4681,4140'),
  ),
  QUESTION_DAYS_NATIONAL: positiveInt('QUESTION_DAYS_NATIONAL', 4),
  CVR_URL: z.preprocess(emptyToUndefined, httpUrl('CVR_URL').optional()),
  EMBED_ORIGINS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .superRefine((value, ctx) => {
        const bad = badEmbedOrigin(value);
        if (bad !== null) {
          ctx.addIssue({
            code: 'custom',
            message: `EMBED_ORIGINS skal være http(s)-origins uden sti, adskilt af komma eller mellemrum, fx https://www.koege.dk ("${bad.slice(0, 100)}" er ikke en)`,
          });
        }
      })
      .optional(),
  ),
  // OCDS prefixes are 'ocds-' plus six letters or digits, registered with the Open Contracting Partnership.
  OCID_PREFIX: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^ocds-[a-z0-9]{6}$/, 'OCID_PREFIX skal være ocds- efterfulgt af 6 små bogstaver eller cifre, fx ocds-kge001')
      .default('ocds-kge001'),
  ),
  })
  .superRefine((env, ctx) => {
    if (env.DBD_URL && isHttpUrl(env.DBD_URL)) {
      try {
        new URL(env.DBD_URL);
      } catch {
        ctx.addIssue({ code: 'custom', path: ['DBD_URL'], message: 'DBD_URL er ikke en gyldig adresse' });
      }
      if (!env.DBD_TOKEN) {
        ctx.addIssue({ code: 'custom', path: ['DBD_TOKEN'], message: 'DBD_TOKEN skal sættes, når DBD_URL er en http(s)-adresse' });
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface DbdConfig {
  /** An http(s) API with its bearer token, or an export file (unset path: the bundled sample). */
  source: { kind: 'http'; url: string; token: string } | { kind: 'file'; path: string | undefined };
  /** null: no scheduled sync (DBD_SYNC_CRON=off). */
  syncCron: string | null;
  /** Per request. */
  timeoutMs: number;
  maxRetries: number;
  /** First backoff step; doubles per retry, with full jitter. */
  retryBaseMs: number;
  /** Upper bound on any single wait, including a server's Retry-After. */
  maxWaitMs: number;
  pageSize: number;
}

export interface MailConfig {
  /** Unset: every mail is written as an .eml file under outboxDir instead (the embedded default). */
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
  /** false (ALERTS=off): nothing is matched or sent; sign-ups wait in the database. */
  enabled: boolean;
  /** First retry after a failed delivery; pg-boss doubles it (with jitter) per attempt. */
  retryDelaySeconds: number;
}

export interface Config {
  mail: MailConfig;
  /** GET /metrics (Prometheus); with a token, only for `Authorization: Bearer <token>`. */
  metrics: { enabled: boolean; token: string | undefined };
  /** Requests per minute per client IP address on /api. */
  apiRateLimitPerMinute: number;
  /**
   * Reverse proxies in front of the portal whose X-Forwarded-For may be believed (0: none). The
   * per-address limits count the address that many hops back; trusting more would let a client
   * pick its own address.
   */
  trustProxyHops: number;
  /** E-mail alert sign-ups (POST /abonnement) per hour per client IP address. */
  subscribeRateLimitPerHour: number;
  /** Officers' sign-in: a session ends after this long unused, and after maxHours at most. */
  session: { idleMinutes: number; maxHours: number; secureCookie: boolean };
  /** Named in the public history instead of the officer. */
  procurementDepartment: string;
  /** 'MM-DD' days the standstill calendar treats as closed besides weekends and public holidays. */
  extraClosedDays: string[];
  port: number;
  host: string;
  /** Unset: embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  dbd: DbdConfig;
  logLevel: Env['LOG_LEVEL'];
  municipalityName: string;
  accessibilityStatementUrl: string;
  /** OCDS ocid prefix: each tender's ocid is `{ocidPrefix}-{DBD id}`. */
  ocidPrefix: string;
  /** The municipality's own postcodes: "lokale" firms in the register and the local figures. */
  localPostcodes: string[];
  /**
   * Days before the bid deadline that questions close by default, and that answers are due, on
   * tenders outside the EU procedures (EU procedures: 6 days, by law).
   */
  questionDaysNational: number;
  /** A CVR lookup service (GET {cvrUrl}/{cvr}, JSON); unset: no lookup, officers check by hand. */
  cvrUrl: string | undefined;
  /** Origins (`https://www.koege.dk`) whose pages may frame /indlejr/…; empty: nobody. */
  embedOrigins: string[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'miljøet');
    const message = issue.message.startsWith(variable) ? issue.message : `${variable}: ${issue.message}`;
    throw new ConfigError(`Ugyldig konfiguration: ${message}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    subscribeRateLimitPerHour: e.SUBSCRIBE_RATE_LIMIT_PER_HOUR,
    metrics: { enabled: e.METRICS === 'on', token: e.METRICS_TOKEN },
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM ?? `${e.MUNICIPALITY_NAME} Udbudsportal <noreply@${new URL(publicUrl).hostname}>`,
      outboxDir: path.join(e.DATA_DIR, 'outbox'),
      enabled: e.ALERTS === 'on',
      retryDelaySeconds: e.MAIL_RETRY_DELAY_SECONDS,
    },
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS, secureCookie: publicUrl.startsWith('https://') },
    procurementDepartment: e.PROCUREMENT_DEPARTMENT,
    extraClosedDays: e.STANDSTILL_EXTRA_CLOSED_DAYS === 'none' ? [] : e.STANDSTILL_EXTRA_CLOSED_DAYS.split(','),
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    publicUrl,
    dbd: {
      source: e.DBD_URL && isHttpUrl(e.DBD_URL) ? { kind: 'http', url: e.DBD_URL.replace(/\/+$/, ''), token: e.DBD_TOKEN! } : { kind: 'file', path: e.DBD_URL },
      syncCron: e.DBD_SYNC_CRON === 'off' ? null : e.DBD_SYNC_CRON,
      timeoutMs: e.DBD_TIMEOUT_MS,
      maxRetries: e.DBD_MAX_RETRIES,
      retryBaseMs: e.DBD_RETRY_BASE_MS,
      maxWaitMs: e.DBD_MAX_WAIT_MS,
      pageSize: e.DBD_PAGE_SIZE,
    },
    logLevel: e.LOG_LEVEL,
    municipalityName: e.MUNICIPALITY_NAME,
    accessibilityStatementUrl: e.ACCESSIBILITY_STATEMENT_URL ?? '/tilgaengelighed',
    ocidPrefix: e.OCID_PREFIX,
    localPostcodes: [...new Set(e.LOCAL_POSTCODES.split(','))],
    questionDaysNational: e.QUESTION_DAYS_NATIONAL,
    cvrUrl: e.CVR_URL?.replace(/\/+$/, ''),
    embedOrigins: [...new Set(embedOriginList(e.EMBED_ORIGINS ?? '').map((entry) => new URL(entry).origin))],
  };
}
