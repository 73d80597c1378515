import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config.js';

export interface OutgoingMail {
  /** Our message id; it also makes the Message-ID header, so a resent copy is recognisable. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** An iCalendar part (an invitation, update or cancellation), sent as text/calendar; method=… beside text and HTML. */
  calendar?: MailCalendar;
}

export interface MailCalendar {
  /** The calendar's METHOD (RFC 5546): REQUEST for an invitation or update, CANCEL for a cancellation. */
  method: 'REQUEST' | 'CANCEL';
  filename: string;
  content: string;
}

export interface MailTransport {
  /** Throws when the mail was not accepted; the queue retries it. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

const messageIdHost = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'udbudsportal.invalid';

function envelope(config: MailConfig, mail: OutgoingMail) {
  return {
    from: config.from,
    to: mail.to,
    // Titles come from DBD: a line break must not start a new header (nodemailer encodes the rest).
    subject: mail.subject.replace(/[\r\n]+/g, ' '),
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    messageId: `<${mail.id}@${messageIdHost(config.from)}>`,
    ...(mail.calendar ? { icalEvent: { method: mail.calendar.method, filename: mail.calendar.filename, content: mail.calendar.content } } : {}),
  };
}

/**
 * SMTP when SMTP_URL is set; otherwise every mail is written to DATA_DIR/outbox as an .eml file
 * (and logged), so a new installation shows what it would send without a mail server.
 */
export function createMailTransport(config: MailConfig, log: FastifyBaseLogger): MailTransport {
  if (config.smtpUrl) {
    const smtp = nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 });
    return {
      async send(mail) {
        await smtp.sendMail(envelope(config, mail));
      },
      close: () => smtp.close(),
    };
  }
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await stream.sendMail(envelope(config, mail));
      await mkdir(config.outboxDir, { recursive: true });
      const file = path.join(config.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`);
      await writeFile(file, info.message as Buffer);
      log.info({ file, to: mail.to, subject: mail.subject }, 'mail written to the outbox (SMTP_URL is not set)');
    },
    close: () => stream.close(),
  };
}
