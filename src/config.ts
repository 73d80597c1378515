import { z } from 'zod';

/** Thrown when the environment does not describe a valid configuration. One line, in Danish. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const httpUrl = (variable: string) =>
  z
    .string()
    .refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `${variable} skal være en http(s)-adresse`);

const envSchema = z.object({
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
  DBD_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(
        (value) => !/^https?:\/\//i.test(value),
        'DBD_URL som http(s)-adresse kommer med DBD-synkroniseringen; angiv indtil da stien til en DBD-eksportfil',
      )
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'LOG_LEVEL skal være en af fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  MUNICIPALITY_NAME: z.preprocess(emptyToUndefined, z.string().default('Køge Kommune')),
  ACCESSIBILITY_STATEMENT_URL: z.preprocess(
    emptyToUndefined,
    httpUrl('ACCESSIBILITY_STATEMENT_URL').optional(),
  ),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  /** Unset: embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  /** Path of a DBD export file; unset: the sample export bundled with the portal. */
  dbdUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  municipalityName: string;
  accessibilityStatementUrl: string;
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
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    publicUrl,
    dbdUrl: e.DBD_URL,
    logLevel: e.LOG_LEVEL,
    municipalityName: e.MUNICIPALITY_NAME,
    accessibilityStatementUrl: e.ACCESSIBILITY_STATEMENT_URL ?? '/tilgaengelighed',
  };
}
