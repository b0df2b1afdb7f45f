import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { dbTime } from '../database/sql';
import { OutboxMessage } from './entities/outbox-message.entity';

/** How often each instance looks for messages that are due (new ones are sent at once anyway). */
const POLL_MS = 15_000;
/** How long an instance holds a message it is sending before another may take it over. */
const LEASE_MS = 2 * 60_000;
const BATCH = 20;
/** After this many attempts a message is `failed` and shown as such to the admin. */
export const MAX_ATTEMPTS = 8;

/** Minutes to wait after the n-th failed attempt: 1, 2, 4, ... up to 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(2 ** (attempts - 1), 360) * 60_000;
}

/**
 * Sends what the outbox holds, from every instance at once without sending a message twice: an
 * instance first claims a message with one conditional UPDATE (only one can win it), sends it,
 * then marks it sent. An instance that dies after claiming leaves a lease that runs out, and the
 * message is sent again with the same Message-ID, so a mail server or client that saw it can
 * recognise the repeat. Without SMTP_URL nothing is sent: the messages wait, shown to admins.
 */
@Injectable()
export class OutboxSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxSender.name);
  private readonly transport: Transporter | null;
  private readonly host: string;
  private timer?: NodeJS.Timeout;
  private pending?: NodeJS.Timeout;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    config: ConfigService,
  ) {
    const { mail } = config.getOrThrow<AppConfig>(APP_CONFIG);
    this.transport = mail.smtpUrl ? createTransport(mail.smtpUrl, { from: mail.from }) : null;
    this.host = new URL(mail.publicUrl).hostname;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  onApplicationBootstrap(): void {
    if (!this.transport) return;
    this.timer = setInterval(() => this.soon(), POLL_MS).unref();
    this.soon();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.pending);
    await this.running;
    this.transport?.close();
  }

  /** Sends what is due shortly (after the caller's transaction has had time to commit). */
  soon(): void {
    if (!this.transport || this.stopped || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.deliverDue().catch((err: Error) => this.log.error(`Outbox: ${err.message}`));
    }, 50);
    this.pending.unref();
  }

  /** Sends every message that is due now; returns how many were sent and how many failed. */
  async deliverDue(now = new Date()): Promise<{ sent: number; failed: number }> {
    if (!this.transport) return { sent: 0, failed: 0 };
    while (this.running) await this.running;
    const work = this.deliverBatches(now);
    this.running = work;
    try {
      return await work;
    } finally {
      this.running = null;
    }
  }

  private async deliverBatches(now: Date) {
    const totals = { sent: 0, failed: 0 };
    for (;;) {
      const due = await this.dueIds(now);
      if (due.length === 0) return totals;
      for (const id of due) {
        const message = await this.claim(id, now);
        if (message) totals[(await this.send(message)) ? 'sent' : 'failed']++;
      }
      if (due.length < BATCH) return totals;
    }
  }

  private async dueIds(now: Date): Promise<number[]> {
    const rows = await this.dataSource
      .getRepository(OutboxMessage)
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .where(
        "(m.state = 'pending' AND m.nextAttemptAt <= :now) OR (m.state = 'sending' AND m.leaseUntil < :now)",
        { now: dbTime(this.dataSource, now) },
      )
      .orderBy('m.id')
      .limit(BATCH)
      .getRawMany<{ id: number }>();
    return rows.map((r) => Number(r.id));
  }

  /** Takes the message for this instance, if no other took it first. */
  private async claim(id: number, now: Date): Promise<OutboxMessage | null> {
    const at = dbTime(this.dataSource, now);
    const result = await this.dataSource
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({
        state: 'sending',
        leaseUntil: new Date(now.getTime() + LEASE_MS),
        attempts: () => 'attempts + 1',
      })
      .where('id = :id', { id })
      .andWhere(
        "((state = 'pending' AND next_attempt_at <= :at) OR (state = 'sending' AND lease_until < :at))",
        { at },
      )
      .execute();
    if (!result.affected) return null;
    return this.dataSource.getRepository(OutboxMessage).findOneBy({ id });
  }

  private async send(message: OutboxMessage): Promise<boolean> {
    const repo = this.dataSource.getRepository(OutboxMessage);
    try {
      await this.transport!.sendMail({
        to: message.toAddress,
        subject: message.subject,
        text: message.body,
        messageId: `<outbox-${message.id}@${this.host}>`,
      });
      await repo.update(
        { id: message.id },
        { state: 'sent', sentAt: new Date(), leaseUntil: null, lastError: null },
      );
      return true;
    } catch (err) {
      const last = message.attempts >= MAX_ATTEMPTS;
      await repo.update(
        { id: message.id },
        {
          state: last ? 'failed' : 'pending',
          leaseUntil: null,
          nextAttemptAt: new Date(Date.now() + backoffMs(message.attempts)),
          lastError: String((err as Error).message).slice(0, 500),
        },
      );
      this.log.warn(
        `Outbox message ${message.id} not sent (attempt ${message.attempts}): ${(err as Error).message}`,
      );
      return false;
    }
  }
}
